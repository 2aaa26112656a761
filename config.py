"""Application settings: the single source of configuration.

Values come from the environment and an optional `.env` file (see `.env.example`). Settings are
validated once at start-up; unsafe production values stop the process instead of being served.
"""

import json
from functools import lru_cache
from typing import Annotated, Literal

from limits import parse_many
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Shipped so `make run` works out of the box; refused when ENVIRONMENT=production.
DEFAULT_SECRET_KEY = "change-me-in-production-this-is-not-a-secret"  # noqa: S105

# Keys shorter than this are refused in production (SECRET_KEY, NEWS_WEBHOOK_SECRET).
MIN_PRODUCTION_SECRET_LENGTH = 32

CommaSeparated = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    environment: Literal["development", "test", "production"] = "development"
    # repr=False: settings objects end up in tracebacks; the URL may carry a password.
    database_url: str = Field(default="sqlite+aiosqlite:///./app.db", repr=False)
    # SQLite waits this long for the write lock before giving up with "database is locked".
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    # Read connections per process; why one is the default: database/engine.py.
    sqlite_read_connections: int = Field(default=1, ge=1, le=32)
    # PostgreSQL connections per process, never more: why, in database/engine.py.
    database_pool_size: int = Field(default=10, ge=1, le=100)

    secret_key: str = Field(default=DEFAULT_SECRET_KEY, repr=False)
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    access_token_ttl_minutes: int = Field(default=15, ge=1)
    refresh_token_ttl_days: int = Field(default=14, ge=1)

    cors_origins: CommaSeparated = ["http://localhost:3000", "http://localhost:5173"]
    max_body_bytes: int = Field(default=1024 * 1024, ge=1)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["console", "json"] = "console"

    # Shared state for every worker and machine (rate limits); unset, each process keeps its own.
    redis_url: str | None = Field(default=None, repr=False)

    # Limits on the public auth routes, in the `limits` notation (README, "Rate limits").
    rate_limit_enabled: bool = True
    auth_rate_limit: str = "10/minute"
    auth_ip_rate_limit: str = "60/minute"
    # Namespace of the counters in Redis, so apps (or test runs) sharing one Redis never meet.
    rate_limit_key_prefix: str = Field(default="talent-hub", min_length=1)

    # Shared with the CMS that pushes news (`POST /news/webhook`); unset, the webhook is 503.
    news_webhook_secret: SecretStr | None = None

    password_reset_ttl_minutes: int = Field(default=30, ge=1)
    # The frontend page that asks for the new password; the token follows in the fragment.
    password_reset_url: str = "http://localhost:5173/reset-password"  # noqa: S105 (a URL)

    # Unset: the console sender outside production; production must choose one explicitly.
    email_sender: Literal["console", "http"] | None = None
    email_from: str = "Talent Hub <no-reply@localhost>"
    email_provider_url: str | None = None
    email_provider_api_key: SecretStr | None = Field(default=None, repr=False)
    email_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    email_read_timeout_seconds: float = Field(default=10.0, gt=0)
    # Tries of one delivery against the provider (timeouts and 5xx only), backoff with jitter.
    email_send_attempts: int = Field(default=3, ge=1, le=10)
    email_retry_initial_seconds: float = Field(default=0.5, ge=0)
    email_retry_max_seconds: float = Field(default=5.0, ge=0)
    # Consecutive failed deliveries that open the breaker, and how long it then stays open.
    email_breaker_failures: int = Field(default=5, ge=1)
    email_breaker_cooldown_seconds: float = Field(default=30.0, gt=0)

    # Deliver the outbox from the web process; off when `python -m manage worker` runs it.
    outbox_worker_embedded: bool = True
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    outbox_batch_size: int = Field(default=10, ge=1, le=100)
    # How long a claim lasts: a message whose worker died is taken again after it.
    outbox_lease_seconds: float = Field(default=120.0, gt=0)
    # Deliveries tried before a message is dead; the wait between them doubles from the base,
    # so the default twelve ride out a provider outage of three to six hours.
    outbox_max_attempts: int = Field(default=12, ge=1)
    outbox_retry_base_seconds: float = Field(default=10.0, ge=0)

    # Prometheus metrics at `/metrics`. Unset: on in production, where something scrapes it,
    # and off elsewhere, so development and tests keep a request path without the middleware.
    metrics_enabled: bool | None = None
    # Tracing is on when this is set: OTLP over HTTP to a collector (`http://collector:4318`).
    otel_exporter_otlp_endpoint: str | None = None
    otel_service_name: str = Field(default="talent-hub", min_length=1)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def split_origins(cls, value: object) -> object:
        """Accept `a,b` as well as a JSON list, the two ways people write lists in env files."""
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [origin.strip() for origin in text.split(",") if origin.strip()]
        return value

    @field_validator(
        "news_webhook_secret",
        "email_sender",
        "email_provider_url",
        "email_provider_api_key",
        "metrics_enabled",
        "otel_exporter_otlp_endpoint",
        mode="before",
    )
    @classmethod
    def unset_when_empty(cls, value: object) -> object:
        """`NEWS_WEBHOOK_SECRET=` in an env file means "no webhook", never an empty HMAC key
        (and `EMAIL_SENDER=` means the default sender, never an empty provider key or URL;
        `METRICS_ENABLED=` the default for the environment, `OTEL_EXPORTER_OTLP_ENDPOINT=` no
        tracing)."""
        return None if value == "" else value

    @field_validator("redis_url", mode="before")
    @classmethod
    def check_redis_url(cls, value: object) -> object:
        """`REDIS_URL=` means "no Redis"; anything else must be a URL redis-py can open."""
        if value == "":
            return None
        if isinstance(value, str) and not value.startswith(("redis://", "rediss://")):
            raise ValueError("REDIS_URL must start with redis:// or rediss://")
        return value

    @field_validator("auth_rate_limit", "auth_ip_rate_limit")
    @classmethod
    def check_rate_limit(cls, value: str) -> str:
        """Refuse to start on a limit that would silently limit nothing, or not what it says."""
        items = parse_many(value)  # ValueError on anything but "N/period" notation
        if len(items) != 1 or items[0].amount < 1:
            raise ValueError("give exactly one limit of at least one request, e.g. 10/minute")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def require_a_complete_provider(self) -> "Settings":
        """The HTTP sender cannot work without its URL and key: refuse to start without them."""
        if self.email_sender == "http" and (
            self.email_provider_url is None or self.email_provider_api_key is None
        ):
            raise ValueError(
                "EMAIL_SENDER=http needs EMAIL_PROVIDER_URL and EMAIL_PROVIDER_API_KEY"
            )
        if self.outbox_lease_seconds <= self.longest_send_seconds:
            raise ValueError("OUTBOX_LEASE_SECONDS must outlast one delivery with its retries")
        return self

    @model_validator(mode="after")
    def refuse_unsafe_production(self) -> "Settings":
        """Fail fast: a production process must never sign with a published or short key."""
        if self.environment != "production":
            return self
        if not self.secret_key or self.secret_key == DEFAULT_SECRET_KEY:
            raise ValueError(
                "SECRET_KEY must be set to a private value when ENVIRONMENT=production"
            )
        if len(self.secret_key) < MIN_PRODUCTION_SECRET_LENGTH:
            raise ValueError("SECRET_KEY must be at least 32 characters in production")
        webhook_secret = self.news_webhook_secret
        if (
            webhook_secret is not None
            and len(webhook_secret.get_secret_value()) < MIN_PRODUCTION_SECRET_LENGTH
        ):
            raise ValueError("NEWS_WEBHOOK_SECRET must be at least 32 characters in production")
        if self.email_sender is None:
            # The console sender writes reset links into the logs: never by default here.
            raise ValueError("EMAIL_SENDER must be chosen (http, or console) in production")
        return self

    @property
    def longest_send_seconds(self) -> float:
        """The most one delivery can take: every try timing out, with the waits between."""
        per_try = self.email_connect_timeout_seconds + self.email_read_timeout_seconds
        waits = self.email_retry_max_seconds * (self.email_send_attempts - 1)
        return per_try * self.email_send_attempts + waits

    @property
    def chosen_email_sender(self) -> Literal["console", "http"]:
        return self.email_sender or "console"

    @property
    def serves_metrics(self) -> bool:
        if self.metrics_enabled is None:
            return self.environment == "production"
        return self.metrics_enabled

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
