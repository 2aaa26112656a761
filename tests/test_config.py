"""Settings: defaults, list parsing, and refusing unsafe production values."""

from typing import Literal

import pytest
from pydantic import SecretStr, ValidationError

from config import DEFAULT_SECRET_KEY, Settings


def test_development_defaults() -> None:
    settings = Settings(_env_file=None)
    assert settings.database_url == "sqlite+aiosqlite:///./app.db"
    assert settings.access_token_ttl_minutes == 15
    assert settings.refresh_token_ttl_days == 14
    assert settings.cors_origins == ["http://localhost:3000", "http://localhost:5173"]


@pytest.mark.parametrize("key", [DEFAULT_SECRET_KEY, "", "short-key"])
def test_production_refuses_default_or_weak_secret(key: str) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(_env_file=None, environment="production", secret_key=key)


def test_production_accepts_private_secret() -> None:
    assert production_settings().environment == "production"


@pytest.mark.parametrize(
    "raw", ["https://a.example, https://b.example", '["https://a.example","https://b.example"]']
)
def test_cors_origins_from_environment(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("CORS_ORIGINS", raw)
    assert Settings(_env_file=None).cors_origins == ["https://a.example", "https://b.example"]


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCESS_TOKEN_TTL_MINUTES", "5")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = Settings(_env_file=None)
    assert settings.access_token_ttl_minutes == 5
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize("secret", ["short", "s" * 31])
def test_production_refuses_a_short_webhook_secret(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("NEWS_WEBHOOK_SECRET", secret)
    with pytest.raises(ValidationError, match="NEWS_WEBHOOK_SECRET"):
        production_settings()


def production_settings(email_sender: Literal["console", "http"] | None = "console") -> Settings:
    return Settings(
        _env_file=None, environment="production", secret_key="k" * 48, email_sender=email_sender
    )


def test_production_needs_an_email_sender_chosen_on_purpose() -> None:
    assert Settings(_env_file=None).chosen_email_sender == "console"
    with pytest.raises(ValidationError, match="EMAIL_SENDER must be chosen"):
        production_settings(email_sender=None)
    assert production_settings(email_sender="console").chosen_email_sender == "console"


def test_the_http_sender_needs_its_provider_and_a_lease_that_outlasts_it() -> None:
    with pytest.raises(ValidationError, match="EMAIL_PROVIDER_URL"):
        Settings(_env_file=None, email_sender="http", email_provider_url="https://mail.example")
    with pytest.raises(ValidationError, match="OUTBOX_LEASE_SECONDS"):
        Settings(_env_file=None, outbox_lease_seconds=10)
    settings = Settings(
        _env_file=None,
        email_sender="http",
        email_provider_url="https://mail.example/send",
        email_provider_api_key=SecretStr("provider-key-value"),
    )
    assert "provider-key-value" not in repr(settings)


def test_webhook_secret_is_optional_and_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    assert production_settings().news_webhook_secret is None
    secret = "w" * 32
    monkeypatch.setenv("NEWS_WEBHOOK_SECRET", secret)
    settings = production_settings()
    assert settings.news_webhook_secret is not None
    assert settings.news_webhook_secret.get_secret_value() == secret
    assert secret not in repr(settings)
    monkeypatch.setenv("NEWS_WEBHOOK_SECRET", "")
    assert production_settings().news_webhook_secret is None


def test_development_accepts_a_short_webhook_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWS_WEBHOOK_SECRET", "short")
    assert Settings(_env_file=None).news_webhook_secret is not None


def test_rate_limits_on_by_default() -> None:
    settings = Settings(_env_file=None)
    assert settings.rate_limit_enabled
    assert (settings.auth_rate_limit, settings.auth_ip_rate_limit) == ("10/minute", "60/minute")


@pytest.mark.parametrize(
    "limit", ["", "ten/minute", "10/fortnight", "0/minute", "1/second;5/minute"]
)
@pytest.mark.parametrize("name", ["AUTH_RATE_LIMIT", "AUTH_IP_RATE_LIMIT"])
def test_unreadable_rate_limit_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, name: str, limit: str
) -> None:
    monkeypatch.setenv(name, limit)
    with pytest.raises(ValidationError, match=name.lower()):
        Settings(_env_file=None)


@pytest.mark.parametrize(
    ("raw", "expected"), [("", None), ("rediss://cache:6380/1", "rediss://cache:6380/1")]
)
def test_redis_url_empty_means_none(raw: str, expected: str | None) -> None:
    assert Settings(_env_file=None, redis_url=raw).redis_url == expected


def test_redis_url_must_be_a_redis_url() -> None:
    with pytest.raises(ValidationError, match="REDIS_URL"):
        Settings(_env_file=None, redis_url="localhost:6379")


def test_metrics_follow_the_environment_unless_chosen() -> None:
    production = Settings(
        _env_file=None,
        environment="production",
        secret_key="a-private-production-key-of-enough-length-0123",
        email_sender="console",
    )
    assert production.serves_metrics
    assert not production.model_copy(update={"metrics_enabled": False}).serves_metrics
    assert not Settings(_env_file=None).serves_metrics
    assert Settings(_env_file=None, metrics_enabled=True).serves_metrics
