"""Rate limits on the public auth routes: password guessing and mail flooding, capped per client.

Why it is built this way:

- **Moving window** (`limits`' MovingWindowRateLimiter): "10 a minute" means at most 10 in any
  60 seconds. A fixed window would let 20 through across a window boundary, and a limit on
  password guesses is only as good as its worst minute. It stores one timestamp per counted
  request, which is cheap at limits of tens per minute.
- **Counted before any work**: the check is a dependency that runs before the handler, so a
  refused request never hashes a password or touches the database. It therefore cannot know
  whether a login will succeed: every attempt counts, successful or not (a person never signs
  in ten times a minute). Refused requests are not counted, so a client that keeps hammering
  is let in again as its window moves, not locked out for ever.
- **One store for every process**: in-process memory by default; Redis when `REDIS_URL` is
  set, so all workers and machines share one count.
- **Fail open**: when Redis cannot be reached, the request goes on and an error is logged.
  The limit is a second line of defence (argon2 already makes each guess slow); failing
  closed would turn an outage of an optional store into nobody being able to sign in.
- **Keys**: the socket peer's address (uvicorn rewrites it from `X-Forwarded-For` only for
  trusted proxies, `--forwarded-allow-ips`), and the email as accounts store it (normalised,
  lower-cased), hashed so the store never holds addresses.
"""

import hashlib
import math
import time
from dataclasses import dataclass
from typing import Any

import redis.asyncio
import structlog
from fastapi import Request, params
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError

from config import Settings
from utils.error_handlers import is_json_media_type
from utils.errors import RateLimited
from utils.metrics import RATE_LIMIT_REFUSALS
from utils.schemas import normalize_email

logger = structlog.get_logger(__name__)

# A Redis that does not answer within this long counts as down (and the request goes on).
REDIS_TIMEOUT_SECONDS = 0.5
FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class AuthRateLimiter:
    """The counters behind the auth routes' limits, one instance per app."""

    def __init__(self, settings: Settings) -> None:
        self.auth_limit: RateLimitItem = parse(settings.auth_rate_limit)
        self.ip_limit: RateLimitItem = parse(settings.auth_ip_rate_limit)
        self._pool: redis.asyncio.ConnectionPool | None = None
        storage: MemoryStorage | RedisStorage
        if settings.redis_url is None:
            storage = MemoryStorage()
        else:
            # Our own pool: short timeouts and no retries (a slow limiter must not hold up a
            # login; see "Fail open"), and `close` releases its connections.
            self._pool = redis.asyncio.ConnectionPool.from_url(
                settings.redis_url,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            )
            storage = RedisStorage(
                f"async+{settings.redis_url}",
                implementation="redispy",
                key_prefix=settings.rate_limit_key_prefix,
                wrap_exceptions=True,
                # A documented option that `limits` types too narrowly (scalars only).
                connection_pool=self._pool,  # type: ignore[arg-type]
            )
        self._strategy = MovingWindowRateLimiter(storage)

    async def hit_ip(self, ip: str) -> None:
        """One request from `ip` to any limited route (AUTH_IP_RATE_LIMIT)."""
        await self._hit(self.ip_limit, "auth-ip", ip)

    async def hit_ip_and_email(self, ip: str, email: str) -> None:
        """One sign-in attempt for `email` from `ip` (AUTH_RATE_LIMIT)."""
        await self._hit(self.auth_limit, "auth-ip-email", ip, _email_key(email))

    async def hit_email(self, email: str) -> None:
        """One request about `email` from anywhere (AUTH_RATE_LIMIT): caps mail to one inbox."""
        await self._hit(self.auth_limit, "auth-email", _email_key(email))

    async def _hit(self, limit: RateLimitItem, name: str, *key: str) -> None:
        """Count one request under `name` (a fixed label: the metric's) and `key`."""
        try:
            if await self._strategy.hit(limit, name, *key):
                return
            stats = await self._strategy.get_window_stats(limit, name, *key)
        except StorageError as error:
            logger.error(
                "rate_limit_store_unavailable",
                error_type=type(error.storage_error).__name__,
                decision="allowed",
            )
            return
        RATE_LIMIT_REFUSALS.labels(limit=name).inc()
        raise RateLimited(
            headers={"Retry-After": str(retry_after_seconds(stats.reset_time, now=time.time()))}
        )

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()


def retry_after_seconds(reset_time: float, *, now: float) -> int:
    """Whole seconds until the window frees a slot, rounded up and never 0 (0 means "now")."""
    return max(1, math.ceil(reset_time - now))


def _email_key(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()


def client_ip(request: Request) -> str:
    """The socket peer; behind a trusted proxy, uvicorn has already put the forwarded client
    here (`--proxy-headers`). A header the client sends itself is never read."""
    return request.client.host if request.client else "unknown"


def _as_email_key(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return normalize_email(value)
    except ValueError:  # not an address: no account has it, but it is still one key
        return value.strip().lower()


async def presented_email(request: Request, field: str) -> str | None:
    """The email in body field `field`, in the form accounts store it; None when absent.

    FastAPI reads and parses the body before any dependency runs and the request caches what
    it parsed, so this reads nothing twice; the endpoint's model still does the validation.
    """
    content_type = request.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() in FORM_MEDIA_TYPES:
        return _as_email_key((await request.form()).get(field))
    if is_json_media_type(content_type):
        payload = await request.json()
        return _as_email_key(payload.get(field)) if isinstance(payload, dict) else None
    return None


@dataclass(frozen=True)
class AuthAttemptLimit:
    """A dependency counting the request against the limits, refusing with 429 when over."""

    per_ip_and_email: str | None = None
    per_email: str | None = None

    async def __call__(self, request: Request) -> None:
        limiter: AuthRateLimiter | None = request.app.state.rate_limiter
        if limiter is None:  # RATE_LIMIT_ENABLED=false
            return
        ip = client_ip(request)
        await limiter.hit_ip(ip)
        if self.per_ip_and_email is not None:
            email = await presented_email(request, self.per_ip_and_email)
            if email is not None:
                await limiter.hit_ip_and_email(ip, email)
        if self.per_email is not None:
            email = await presented_email(request, self.per_email)
            if email is not None:
                await limiter.hit_email(email)


def limit_auth_attempts(
    *, per_ip_and_email: str | None = None, per_email: str | None = None
) -> params.Depends:
    """The `dependencies=[...]` entry that rate-limits a public auth route.

    Every limited route counts each request per client IP (AUTH_IP_RATE_LIMIT, one count over
    all of them). `per_ip_and_email` names the body field holding the email to count per
    client IP + email as well (AUTH_RATE_LIMIT: login, token); `per_email` counts per email
    alone, whoever asks (AUTH_RATE_LIMIT: the reset request, so no one floods an inbox from
    many addresses). Declare 429 beside it; `tests/utils/test_rate_limit_routes.py` checks:

        @router.post(
            "/password-reset/request",
            dependencies=[limit_auth_attempts(per_email="email")],
            responses=error_responses(422, 429),
        )
        ...
        @router.post("/password-reset/confirm", dependencies=[limit_auth_attempts()], ...)
    """
    return params.Depends(AuthAttemptLimit(per_ip_and_email, per_email))


def build_rate_limiter(settings: Settings) -> AuthRateLimiter | None:
    return AuthRateLimiter(settings) if settings.rate_limit_enabled else None
