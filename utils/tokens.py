"""JWT access and refresh tokens (python-jose).

Why so strict: a token is the only proof of identity we accept, so decoding fails closed. Only
the configured algorithm is accepted (never `none`, never one picked by the token's header),
`exp`, `sub`, `type`, `iat` and `jti` are all required, and any error the library raises
becomes a 401. `ver` carries the user's token version: bumping it (password change,
deactivation, deletion) retires every token issued before, even within the same second.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from jose import jwt
from jose.exceptions import JOSEError

from config import Settings
from utils.errors import Unauthorized

_REQUIRED = ("exp", "sub", "type", "iat", "jti")


class TokenType(StrEnum):
    ACCESS = "access"
    REFRESH = "refresh"


@dataclass(frozen=True, slots=True)
class TokenClaims:
    user_id: uuid.UUID
    type: TokenType
    version: int
    jti: str
    expires_at: datetime
    family_id: uuid.UUID | None = None


def issue_token(
    settings: Settings,
    *,
    user_id: uuid.UUID,
    token_type: TokenType,
    version: int,
    family_id: uuid.UUID | None = None,
) -> tuple[str, TokenClaims]:
    now = datetime.now(UTC)
    ttl = (
        timedelta(minutes=settings.access_token_ttl_minutes)
        if token_type is TokenType.ACCESS
        else timedelta(days=settings.refresh_token_ttl_days)
    )
    claims = TokenClaims(
        user_id=user_id,
        type=token_type,
        version=version,
        jti=uuid.uuid4().hex,
        expires_at=now + ttl,
        family_id=family_id,
    )
    payload: dict[str, Any] = {
        "sub": str(user_id),
        "type": token_type.value,
        "ver": version,
        "iat": int(now.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
        "jti": claims.jti,
    }
    if family_id is not None:
        payload["fam"] = str(family_id)
    token = jwt.encode(payload, settings.secret_key, algorithm=settings.jwt_algorithm)
    return str(token), claims


def decode_token(settings: Settings, token: str, *, expected: TokenType) -> TokenClaims:
    """Verify signature, expiry and shape; raise `Unauthorized` for anything else.

    A client sends the same access token with every request for its whole lifetime, and
    checking it was about a twentieth of a list request's CPU; so an access token that passed
    is remembered (per process, the most recent `VERIFIED_ACCESS_TOKENS`) and only its expiry
    is checked again. Nothing about the user is remembered: the caller still loads the user
    and compares the token version on every request, so revocation stays immediate.
    """
    if expected is not TokenType.ACCESS:
        return _verified_claims(token, settings.secret_key, settings.jwt_algorithm, expected)
    claims = _verified_access_claims(token, settings.secret_key, settings.jwt_algorithm)
    if claims.expires_at <= datetime.now(UTC):
        raise Unauthorized("The token is invalid or expired.")
    return claims


VERIFIED_ACCESS_TOKENS = 4096


@lru_cache(maxsize=VERIFIED_ACCESS_TOKENS)
def _verified_access_claims(token: str, secret_key: str, algorithm: str) -> TokenClaims:
    # Failures raise, and lru_cache keeps no exception: a bad token is checked every time.
    return _verified_claims(token, secret_key, algorithm, TokenType.ACCESS)


def _verified_claims(
    token: str, secret_key: str, algorithm: str, expected: TokenType
) -> TokenClaims:
    try:
        payload = jwt.decode(
            token,
            secret_key,
            algorithms=[algorithm],
            options={f"require_{claim}": True for claim in ("exp", "iat", "sub", "jti")},
        )
        if not isinstance(payload, dict) or any(claim not in payload for claim in _REQUIRED):
            raise Unauthorized("The token is missing required claims.")
        if payload["type"] != expected.value:
            raise Unauthorized("The token has the wrong type.")
        version = payload.get("ver")
        if not isinstance(version, int) or isinstance(version, bool):
            raise Unauthorized("The token is missing required claims.")
        family = payload.get("fam")
        return TokenClaims(
            user_id=uuid.UUID(str(payload["sub"])),
            type=expected,
            version=version,
            jti=str(payload["jti"]),
            expires_at=datetime.fromtimestamp(int(payload["exp"]), UTC),
            family_id=uuid.UUID(str(family)) if family is not None else None,
        )
    except Unauthorized:
        raise
    # jose raises JOSEError subclasses; hostile input can also surface as ValueError,
    # TypeError or OverflowError from the decoders. Every one of them is "not authenticated".
    except (JOSEError, ValueError, TypeError, LookupError, OverflowError) as exc:
        raise Unauthorized("The token is invalid or expired.") from exc
