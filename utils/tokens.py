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
    """Verify signature, expiry and shape; raise `Unauthorized` for anything else."""
    try:
        payload = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[settings.jwt_algorithm],
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
