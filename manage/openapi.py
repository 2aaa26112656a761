"""`python -m manage openapi FILE`: the OpenAPI document, written without a running server."""

import json
from pathlib import Path

from config import Settings
from main import create_app


def write_openapi(settings: Settings, output: Path) -> int:
    """Write what `/openapi.json` serves, so client generators run from a checkout alone.

    Keys keep the server's order and the file ends with a newline: the same app always
    writes the same bytes, so a generated client can be checked for being up to date.
    """
    document = create_app(settings).openapi()
    output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0
