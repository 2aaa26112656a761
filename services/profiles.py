"""The caller's profile: one per user, replaced or patched, deleted with its entries."""

from typing import Any

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from database.cascades import soft_delete
from database.integrity import is_unique_violation
from database.models import Profile, User
from database.scoping import owned_by
from utils.errors import NotFound

logger = structlog.get_logger(__name__)

# Field values a PUT falls back to when the body leaves them out.
PROFILE_DEFAULTS: dict[str, Any] = {
    "headline": None,
    "bio": None,
    "location": None,
    "skills": [],
    "website": None,
    "visibility": "private",
    "open_to_work": False,
}


async def find_own_profile(session: AsyncSession, *, owner: User) -> Profile | None:
    profile: Profile | None = await session.scalar(owned_by(Profile, owner.id))
    return profile


async def get_own_profile(session: AsyncSession, *, owner: User) -> Profile:
    profile = await find_own_profile(session, owner=owner)
    if profile is None:
        raise NotFound("You have no profile yet; create it with PUT /profile.")
    return profile


async def replace_profile(
    session: AsyncSession, *, owner: User, data: dict[str, Any]
) -> tuple[Profile, bool]:
    """Create the profile or overwrite every field of it; returns (profile, created)."""
    values = {**PROFILE_DEFAULTS, **data}
    profile = await find_own_profile(session, owner=owner)
    if profile is None:
        try:
            async with session.begin_nested():
                profile = Profile(owner_id=owner.id, **values)
                session.add(profile)
            logger.info("profile_created", profile_id=str(profile.id), owner_id=str(owner.id))
            return profile, True
        except IntegrityError as error:
            if not is_unique_violation(error):
                raise
            # A concurrent PUT created it between our read and our insert: replace that one.
            profile = await get_own_profile(session, owner=owner)
    profile.apply(values)
    await session.flush()
    logger.info("profile_replaced", profile_id=str(profile.id), owner_id=str(owner.id))
    return profile, False


async def update_profile(
    session: AsyncSession, *, profile: Profile, changes: dict[str, Any]
) -> Profile:
    profile.apply(changes)
    await session.flush()
    logger.info("profile_updated", profile_id=str(profile.id), fields=sorted(changes))
    return profile


async def delete_profile(session: AsyncSession, *, profile: Profile) -> None:
    """Soft-delete the profile and, with it, its experiences and educations."""
    await soft_delete(session, profile)
    logger.info("profile_deleted", profile_id=str(profile.id), owner_id=str(profile.owner_id))
