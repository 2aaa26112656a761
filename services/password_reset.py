"""Password reset: ask for a link, receive it by email, spend it on a new password.

Why the request does so little: it stores "a reset was asked for this address" in the outbox
and answers 202, whether or not an account has the address. The work, the answer and its
timing are therefore the same for everyone; only the delivery worker, outside any request,
looks the address up, mints a token and sends it (or sends nothing).

The token is 256 random bits, stored as a SHA-256 digest only. It is minted at delivery, and
minting deletes the user's earlier tokens: the newest link is the only one that works. It is
also bound to the user's token version, so a password change (or confirming any reset, which
ends every session) kills a link already sent. It lasts `PASSWORD_RESET_TTL_MINUTES` and is
spent by the first confirmation.
"""

import secrets
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from database.engine import Database
from database.models import PasswordResetToken, User
from database.scoping import live
from database.types import utcnow
from services import outbox, tokens
from services.users import find_user_by_email
from utils.email import EmailMessage
from utils.errors import BadRequest
from utils.passwords import hash_password

PASSWORD_RESET = "password_reset"  # noqa: S105 (an outbox message kind)
_TOKEN_BYTES = 32  # 256 bits
_INVALID_TOKEN = "The reset link is invalid or has expired."  # noqa: S105 (a message)

logger = structlog.get_logger(__name__)


async def request_reset(session: AsyncSession, *, email: str) -> None:
    """Queue a reset email for `email` (normalised); delivery decides whether there is one."""
    await outbox.enqueue(session, kind=PASSWORD_RESET, payload={"email": email})


async def compose_reset_email(
    session: AsyncSession, *, settings: Settings, payload: dict[str, Any], key: str
) -> EmailMessage | None:
    """Mint a token for the account behind the payload's address; None when there is none."""
    user = await find_user_by_email(session, email=str(payload["email"]))
    if user is None or not user.is_active:
        return None
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    await session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    ttl = settings.password_reset_ttl_minutes
    session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=tokens.digest(token),
            token_version=user.token_version,
            expires_at=utcnow() + timedelta(minutes=ttl),
        )
    )
    await session.flush()
    # In the fragment, the token never reaches a server log or a Referer header.
    link = f"{settings.password_reset_url}#token={token}"
    text = (
        f"Hello {user.full_name},\n\n"
        f"Someone asked to reset the password of your Talent Hub account. To choose a new "
        f"one, open this link within {ttl} minutes:\n\n{link}\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n"
    )
    return EmailMessage(
        to=user.email, subject="Reset your Talent Hub password", text=text, idempotency_key=key
    )


async def confirm_reset(
    session: AsyncSession, *, database: Database, token: str, new_password: str
) -> None:
    """Spend `token` on `new_password` and end every session of its user.

    The token is checked in a short read-only session before the (slow) hash, so a guess costs
    no hashing and holds no write lock; the spend is then conditional, so of two confirmations
    racing with one token only one succeeds.
    """
    token_hash = tokens.digest(token)
    async with database.session(read_only=True) as lookup:
        found = await lookup.scalar(
            select(PasswordResetToken).where(PasswordResetToken.token_hash == token_hash)
        )
    if found is None or found.used_at is not None or found.expires_at <= utcnow():
        raise BadRequest(_INVALID_TOKEN)
    hashed_password = await hash_password(new_password)
    spent = await session.execute(
        update(PasswordResetToken)
        .where(
            PasswordResetToken.id == found.id,
            PasswordResetToken.used_at.is_(None),
            PasswordResetToken.expires_at > utcnow(),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    user = await session.scalar(live(User).where(User.id == found.user_id))
    if (
        getattr(spent, "rowcount", 0) != 1
        or user is None
        or not user.is_active
        or user.token_version != found.token_version
    ):
        raise BadRequest(_INVALID_TOKEN)
    user.hashed_password = hashed_password
    await tokens.end_every_session(session, user=user)
    logger.info("password_reset", user_id=str(user.id))
