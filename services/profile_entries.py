"""Experiences and educations: dated entries of a profile, one implementation for both."""

import uuid
from datetime import date
from typing import Any, TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from database.cascades import soft_delete
from database.models import Profile
from database.models.profiles import ProfileEntry
from database.pagination import SortColumns, fetch_page
from database.scoping import owned_by
from utils.errors import InvalidFields, NotFound
from utils.pagination import PageRequest, PageResult

EntryT = TypeVar("EntryT", bound=ProfileEntry)

logger = structlog.get_logger(__name__)

SORT_FIELDS = ("start_date", "created_at")


def _sort_columns(model: type[ProfileEntry]) -> SortColumns:
    return {"start_date": model.start_date, "created_at": model.created_at}


def _log_event(entry: ProfileEntry, action: str) -> None:
    # experience_created, education_deleted, ...: one event name per model and action.
    logger.info(
        f"{type(entry).__name__.lower()}_{action}",
        entry_id=str(entry.id),
        profile_id=str(entry.profile_id),
    )


def check_dates(start_date: date, end_date: date | None) -> None:
    if end_date is not None and end_date < start_date:
        raise InvalidFields(
            [
                {
                    "loc": ["body", "end_date"],
                    "msg": "end_date must not be before start_date",
                    "type": "date_order",
                }
            ],
            detail="end_date must not be before start_date.",
        )


async def list_entries(
    session: AsyncSession, model: type[EntryT], *, profile: Profile, page: PageRequest
) -> PageResult[EntryT]:
    statement = owned_by(model, profile.owner_id).where(model.profile_id == profile.id)
    return await fetch_page(
        session, statement, request=page, sort_columns=_sort_columns(model), tie_breaker=model.id
    )


async def create_entry(
    session: AsyncSession, model: type[EntryT], *, profile: Profile, data: dict[str, Any]
) -> EntryT:
    check_dates(data["start_date"], data.get("end_date"))
    entry = model(owner_id=profile.owner_id, profile_id=profile.id, **data)
    session.add(entry)
    await session.flush()
    _log_event(entry, "created")
    return entry


async def get_entry(
    session: AsyncSession, model: type[EntryT], *, profile: Profile, entry_id: uuid.UUID
) -> EntryT:
    entry: EntryT | None = await session.scalar(
        owned_by(model, profile.owner_id).where(
            model.profile_id == profile.id, model.id == entry_id
        )
    )
    if entry is None:
        raise NotFound(f"{model.__name__} not found.")
    return entry


async def update_entry(session: AsyncSession, *, entry: EntryT, changes: dict[str, Any]) -> EntryT:
    """Apply a partial update; the date order is checked on the merged result."""
    check_dates(
        changes.get("start_date", entry.start_date), changes.get("end_date", entry.end_date)
    )
    entry.apply(changes)
    await session.flush()
    _log_event(entry, "updated")
    return entry


async def delete_entry(session: AsyncSession, *, entry: ProfileEntry) -> None:
    await soft_delete(session, entry)
    _log_event(entry, "deleted")
