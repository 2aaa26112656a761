"""Accounts and the refresh tokens issued to them."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from database.base import Base, Entity, IdMixin, live_index, unique_among_live
from database.types import string_enum, utcnow


class UserRole(StrEnum):
    USER = "user"
    ADMIN = "admin"


class User(Entity):
    __tablename__ = "users"
    __table_args__ = (
        # Emails are stored lower-cased, so this is a case-insensitive uniqueness; a
        # deleted user's address can register again.
        unique_among_live("uq_users_email_live", "email"),
        live_index("ix_users_live_created_at", "created_at", "id"),
    )

    email: Mapped[str] = mapped_column(String(320))
    hashed_password: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[UserRole] = mapped_column(string_enum(UserRole), default=UserRole.USER)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Bumped on password change, deactivation and deletion: every token carrying an older
    # value stops working at once, even one issued in the same second.
    token_version: Mapped[int] = mapped_column(default=0)


class RefreshToken(IdMixin, Base):
    """One issued refresh token, stored as a SHA-256 digest, never in clear.

    Tokens of one login share a `family_id`; rotation spends the presented token and issues the
    next one in the same family, so reuse of a spent token can revoke exactly that login.
    """

    __tablename__ = "refresh_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    spent_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class PasswordResetToken(IdMixin, Base):
    """A password-reset token sent to a user, stored as a SHA-256 digest, never in clear.

    A user has at most one: minting a new one deletes the others (a newer request supersedes
    older links). `token_version` is the user's at minting; a password change bumps the
    user's, so a link sent before it is dead even within its 30 minutes.
    """

    __tablename__ = "password_reset_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
