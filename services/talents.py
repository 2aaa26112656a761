"""The talent directory: public profiles of live, active users, read by anyone signed in.

A directory item is a projection keyed by its user, not a stored resource: one live profile
per user (a unique index), so the owner's id identifies it and breaks sorting ties.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from database.json_arrays import json_array_contains
from database.models import Profile, ProfileVisibility, User
from database.pagination import SortColumns, fetch_page, substring_filter
from database.scoping import owner_key, published_by_active_owners
from utils.errors import NotFound
from utils.pagination import PageRequest, PageResult

# One order, most recently updated first by default: a directory is browsed, and every sort
# needs an index of its own (`Profile.__table_args__`).
SORT_COLUMNS: SortColumns = {"updated_at": Profile.updated_at}

PUBLIC = Profile.visibility == ProfileVisibility.PUBLIC


@dataclass(frozen=True, kw_only=True)
class TalentFilters:
    q: str | None = None
    skill: str | None = None
    location: str | None = None
    open_to_work: bool | None = None


async def list_talents(
    session: AsyncSession, *, filters: TalentFilters, page: PageRequest
) -> PageResult[Profile]:
    """Public profiles of live, active users, each with its owner loaded (`profile.owner`)."""
    statement = published_by_active_owners(Profile, public=PUBLIC)
    if filters.q:
        statement = statement.where(substring_filter(filters.q, Profile.headline, User.full_name))
    if filters.skill:
        statement = statement.where(json_array_contains(Profile.skills, filters.skill.lower()))
    if filters.location:
        statement = statement.where(substring_filter(filters.location, Profile.location))
    if filters.open_to_work is not None:
        statement = statement.where(Profile.open_to_work.is_(filters.open_to_work))
    return await fetch_page(
        session, statement, request=page, sort_columns=SORT_COLUMNS, tie_breaker=owner_key(Profile)
    )


async def get_talent(session: AsyncSession, *, user_id: uuid.UUID) -> Profile:
    """One user's public profile with its owner and live entries: three queries in all.

    A private profile, or one whose user is deleted or deactivated, is not found (404), like
    one that does not exist: the directory never tells them apart.
    """
    statement = (
        published_by_active_owners(Profile, public=PUBLIC)
        .where(User.id == user_id)
        .options(selectinload(Profile.live_experiences), selectinload(Profile.live_educations))
    )
    profile: Profile | None = await session.scalar(statement)
    if profile is None:
        raise NotFound("Talent not found.")
    return profile
