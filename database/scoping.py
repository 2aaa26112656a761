"""The one way services start a query on a soft-deletable or owned table.

Why this exists: tenant isolation fails silently. A single handler that forgets an owner filter
leaks another user's rows, and a single query that forgets `deleted_at IS NULL` resurrects
deleted data. So no service writes those filters by hand: `owned_by` and `live` add them, and
`tests/test_scoping.py` fails when a service selects from, updates or filters an owned model's
`owner_id` anywhere else. Access to rows seen by several parties (a job read by everyone, an
application read by applicant and job owner) starts from `live` and adds its visibility rule.
"""

import uuid
from typing import Any, Literal, TypeVar

from sqlalchemy import ColumnElement, Select, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from database.base import Base, Entity, OwnedEntity
from database.types import utcnow
from utils.errors import Forbidden

EntityT = TypeVar("EntityT", bound=Entity)
RowT = TypeVar("RowT")
RowLock = Literal["share", "update"]
OwnedT = TypeVar("OwnedT", bound=OwnedEntity)


def live(model: type[EntityT]) -> Select[EntityT]:
    """Select the rows of `model` that are not soft-deleted."""
    return select(model).where(model.deleted_at.is_(None))


def owned_by(model: type[OwnedT], owner_id: uuid.UUID) -> Select[OwnedT]:
    """Select the live rows of `model` that belong to `owner_id`."""
    return live(model).where(model.owner_id == owner_id)


def visible_to(
    model: type[OwnedT], viewer_id: uuid.UUID, *, public: ColumnElement[bool]
) -> Select[OwnedT]:
    """Select the live rows anyone may see (`public`), plus the viewer's own in any state.

    For resources that are published by their owner: an open job, a published course.
    """
    return live(model).where(or_(public, model.owner_id == viewer_id))


def ensure_owner(row: OwnedEntity, user_id: uuid.UUID) -> None:
    """Refuse a write to a row the caller can see but does not own (403, never 404)."""
    if row.owner_id != user_id:
        raise Forbidden(f"Only the owner of this {type(row).__name__.lower()} may change it.")


def locked(statement: Select[RowT], model: type[Entity], lock: RowLock | None) -> Select[RowT]:
    """Add a row lock on `model`'s rows to a query that loads rows a request will act on.

    Why: on PostgreSQL (READ COMMITTED) two requests could both read a job as "open" and both
    act on that stale state: two status moves, an application slipping in while the job is
    being deleted. `"update"` makes the second request wait for the first to commit; PostgreSQL
    then re-checks the query's conditions, so a row deleted meanwhile is simply not found
    (404). `"share"` lets readers that only need the row to stay as it is (applying to a job)
    run side by side while still blocking its deletion. SQLite needs none of this: its write
    transactions already run one at a time, and it ignores the clause.
    """
    if lock is None:
        return statement
    # "update" is FOR NO KEY UPDATE: it still excludes "share", but lets the foreign-key checks
    # of inserts that merely reference the row (a new application to the job) go through.
    return statement.with_for_update(of=model, read=lock == "share", key_share=lock == "update")


async def soft_delete(session: AsyncSession, row: Entity) -> None:
    """Mark one row deleted; it disappears from every scoped query."""
    now = utcnow()
    row.deleted_at = now
    row.updated_at = now
    await session.flush()


async def soft_delete_where(
    session: AsyncSession, model: type[Entity], *criteria: ColumnElement[bool]
) -> None:
    """Soft-delete the live rows of `model` matching `criteria` in one statement (cascades)."""
    now = utcnow()
    statement: Any = (
        update(model)
        .where(model.deleted_at.is_(None), *criteria)
        .values(deleted_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.execute(statement)


def owned_models() -> list[type[OwnedEntity]]:
    """Every mapped model that belongs to a user, found from the registry, not a hand list."""
    return [
        mapper.class_
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, OwnedEntity) and not mapper.class_.__dict__.get("__abstract__")
    ]


async def soft_delete_all_owned_by(session: AsyncSession, owner_id: uuid.UUID) -> None:
    """Soft-delete every row any owned model holds for `owner_id` (account deletion)."""
    for model in owned_models():
        await soft_delete_where(session, model, model.owner_id == owner_id)
