"""What many tests share: accounts, problem+json checks and per-resource request helpers."""
