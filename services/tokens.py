"""Refresh-token families: issue, rotate with reuse detection, revoke.

Why rotation: a refresh token lives for weeks, so each use spends it and issues the next one in
the same family (one family per login). If a spent token is ever presented again, either the
client or an attacker holds a copy; we cannot tell which, so the whole family is revoked and
both must log in again. Other logins of the same user are untouched. Tokens are stored as
SHA-256 digests: a database leak does not hand out working tokens.
"""

import hashlib
import uuid
from dataclasses import dataclass

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from database.models import RefreshToken, User
from database.scoping import live
from database.types import utcnow
from utils.errors import TokenFamilyRevoked, Unauthorized
from utils.tokens import TokenType, decode_token, issue_token

logger = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_token_pair(
    session: AsyncSession, *, settings: Settings, user: User, family_id: uuid.UUID | None = None
) -> TokenPair:
    """Issue an access token and a refresh token in `family_id` (a new family: a new login)."""
    family = family_id or uuid.uuid4()
    access, _ = issue_token(
        settings, user_id=user.id, token_type=TokenType.ACCESS, version=user.token_version
    )
    refresh, claims = issue_token(
        settings,
        user_id=user.id,
        token_type=TokenType.REFRESH,
        version=user.token_version,
        family_id=family,
    )
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family,
            token_hash=digest(refresh),
            expires_at=claims.expires_at,
        )
    )
    await session.flush()
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=settings.access_token_ttl_minutes * 60,
    )


async def rotate_refresh_token(
    session: AsyncSession, *, settings: Settings, refresh_token: str
) -> TokenPair:
    claims = decode_token(settings, refresh_token, expected=TokenType.REFRESH)
    record = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == digest(refresh_token))
    )
    if record is None or record.user_id != claims.user_id:
        raise Unauthorized("The refresh token is not recognised.")
    # Spend it atomically: of two concurrent uses only one may win; the loser is a reuse.
    spent = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.id == record.id,
            RefreshToken.spent_at.is_(None),
            RefreshToken.revoked_at.is_(None),
        )
        .values(spent_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if getattr(spent, "rowcount", 0) != 1:
        await revoke_family(session, family_id=record.family_id)
        logger.warning(
            "refresh_token_reused", user_id=str(record.user_id), family_id=str(record.family_id)
        )
        raise TokenFamilyRevoked("The refresh token was already used; this login is revoked.")
    user = await session.scalar(live(User).where(User.id == record.user_id))
    if user is None or not user.is_active or user.token_version != claims.version:
        raise Unauthorized("The refresh token is no longer valid.")
    return await issue_token_pair(session, settings=settings, user=user, family_id=record.family_id)


async def revoke_family(session: AsyncSession, *, family_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def revoke_presented_family(session: AsyncSession, *, user: User, refresh_token: str) -> None:
    """Log out one login. Unknown or foreign tokens change nothing and raise nothing,
    as RFC 7009 asks of revocation endpoints: the answer must not reveal token validity."""
    record = await session.scalar(
        select(RefreshToken).where(
            RefreshToken.token_hash == digest(refresh_token), RefreshToken.user_id == user.id
        )
    )
    if record is not None:
        await revoke_family(session, family_id=record.family_id)
        logger.info("logged_out", user_id=str(user.id), family_id=str(record.family_id))


async def end_every_session(session: AsyncSession, *, user: User) -> None:
    """Retire all tokens of `user`: refresh tokens revoked, access tokens outdated by version.

    The version is incremented in SQL, not in Python: two concurrent revocations (a password
    change racing a deactivation) then both count, instead of both writing the same value.
    """
    await session.execute(
        update(User)
        .where(User.id == user.id)
        .values(token_version=User.token_version + 1)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(user, attribute_names=["token_version", "updated_at"])
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    await session.flush()
