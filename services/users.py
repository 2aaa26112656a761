"""Accounts: the caller's own (me) and the admin's view of everyone."""

import uuid
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from database.cascades import soft_delete
from database.models import User, UserRole
from database.pagination import SortColumns, fetch_page, substring_filter
from database.scoping import live
from services import tokens
from utils.errors import Conflict, NotFound
from utils.pagination import PageRequest, PageResult
from utils.schemas import normalize_email

logger = structlog.get_logger(__name__)

SORT_COLUMNS: SortColumns = {
    "created_at": User.created_at,
    "email": User.email,
    "full_name": User.full_name,
}


async def find_user_by_email(session: AsyncSession, *, email: str) -> User | None:
    """The live account with this address, compared in its stored (normalised) form."""
    try:
        normalized = normalize_email(email)
    except ValueError:  # not an address at all, so no account has it
        return None
    user: User | None = await session.scalar(live(User).where(User.email == normalized))
    return user


async def update_me(session: AsyncSession, *, user: User, changes: dict[str, Any]) -> User:
    user.apply(changes)
    await session.flush()
    return user


async def delete_account(session: AsyncSession, *, user: User) -> None:
    """Soft-delete the account and everything that goes with it (`database.cascades`), and
    end all its sessions."""
    await soft_delete(session, user)
    await tokens.end_every_session(session, user=user)
    logger.info("account_deleted", user_id=str(user.id))


async def list_users(
    session: AsyncSession,
    *,
    page: PageRequest,
    q: str | None,
    role: UserRole | None,
    is_active: bool | None,
) -> PageResult[User]:
    statement = live(User)
    if q:
        statement = statement.where(substring_filter(q, User.email, User.full_name))
    if role is not None:
        statement = statement.where(User.role == role)
    if is_active is not None:
        statement = statement.where(User.is_active.is_(is_active))
    return await fetch_page(
        session, statement, request=page, sort_columns=SORT_COLUMNS, tie_breaker=User.id
    )


async def get_user(session: AsyncSession, *, user_id: uuid.UUID) -> User:
    user: User | None = await session.scalar(live(User).where(User.id == user_id))
    if user is None:
        raise NotFound("User not found.")
    return user


async def admin_update_user(
    session: AsyncSession, *, admin: User, user_id: uuid.UUID, changes: dict[str, Any]
) -> User:
    """Apply an admin's edit; an admin may not demote or deactivate themselves."""
    user = await get_user(session, user_id=user_id)
    if user.id == admin.id and (
        changes.get("role", user.role) != UserRole.ADMIN or changes.get("is_active") is False
    ):
        raise Conflict("Admins cannot demote or deactivate themselves.")
    deactivating = user.is_active and changes.get("is_active") is False
    user.apply(changes)
    if deactivating:
        await tokens.end_every_session(session, user=user)
    await session.flush()
    logger.info(
        "user_updated_by_admin",
        admin_id=str(admin.id),
        user_id=str(user.id),
        fields=sorted(changes),
    )
    return user


async def promote_to_admin(session: AsyncSession, *, email: str) -> User | None:
    """Make the live account with this email an active admin; None when there is none."""
    user = await find_user_by_email(session, email=email)
    if user is None:
        return None
    user.role = UserRole.ADMIN
    user.is_active = True
    await session.flush()
    logger.info("admin_promoted", user_id=str(user.id))
    return user


async def create_admin(
    session: AsyncSession, *, email: str, hashed_password: str, full_name: str
) -> User:
    user = User(
        email=normalize_email(email),
        hashed_password=hashed_password,
        full_name=full_name,
        role=UserRole.ADMIN,
    )
    session.add(user)
    await session.flush()
    logger.info("admin_created", user_id=str(user.id))
    return user
