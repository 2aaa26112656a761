"""The one way services start a query on a soft-deletable or owned table.

Why this exists: tenant isolation fails silently. A single handler that forgets an owner filter
leaks another user's rows, and a single query that forgets `deleted_at IS NULL` resurrects
deleted data. So no service writes those filters by hand: `owned_by` and `live` add them, and
`tests/database/test_scoping.py` fails when a service selects from, updates or filters an owned
model's `owner_id` anywhere else. Rows seen by two parties (an application, a proposal) have no
owner column: `involving` is their `owned_by`, and the same test fails when a service starts a
query on one any other way. Rows everyone may read (an open job) start from `visible_to` or `live`.
Deleting rows, with everything that goes with them, is `database.cascades`.
"""

import uuid
from typing import Literal, TypeVar

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import InstrumentedAttribute, contains_eager

from database.base import Base, Entity, OwnedEntity, TwoPartyEntity
from database.models.users import User
from utils.errors import Forbidden

EntityT = TypeVar("EntityT", bound=Entity)
RowT = TypeVar("RowT")
RowLock = Literal["share", "update"]
OwnedT = TypeVar("OwnedT", bound=OwnedEntity)
TwoPartyT = TypeVar("TwoPartyT", bound=TwoPartyEntity)


def live(model: type[EntityT]) -> Select[EntityT]:
    """Select the rows of `model` that are not soft-deleted."""
    return select(model).where(model.deleted_at.is_(None))


def owned_by(model: type[OwnedT], owner_id: uuid.UUID) -> Select[OwnedT]:
    """Select the live rows of `model` that belong to `owner_id`."""
    return live(model).where(model.owner_id == owner_id)


def involving(
    model: type[TwoPartyT], user_id: uuid.UUID, *, party: str | None = None
) -> Select[TwoPartyT]:
    """Select the live rows of a two-party `model` where `user_id` is either party, or only
    `party` when given (one of `model.PARTIES`: a sent box, a received box)."""
    parties = model.PARTIES if party is None else (party,)
    if not set(parties) <= set(model.PARTIES):
        raise ValueError(f"{model.__name__} has no party {party!r}")
    return live(model).where(or_(*(model.party_condition(side, user_id) for side in parties)))


def visible_to(
    model: type[OwnedT], viewer_id: uuid.UUID, *, public: ColumnElement[bool]
) -> Select[OwnedT]:
    """Select the live rows anyone may see (`public`), plus the viewer's own in any state.

    For resources that are published by their owner: an open job, a published course.
    """
    return live(model).where(or_(public, model.owner_id == viewer_id))


def published_by_active_owners(
    model: type[OwnedT], *, public: ColumnElement[bool]
) -> Select[OwnedT]:
    """Select the live rows anyone may see (`public`) whose owner is a live, active account,
    with that owner loaded into `model.owner`: a directory, where a deactivated or deleted
    user's rows vanish and the viewer's own private rows are not listed either."""
    return (
        live(model)
        .join(model.owner)
        .where(public, User.deleted_at.is_(None), User.is_active.is_(True))
        .options(contains_eager(model.owner))
    )


def owner_key(model: type[OwnedT]) -> InstrumentedAttribute[uuid.UUID]:
    """The owner column, for a list keyed by user (one live row per owner) to sort its ties by."""
    key: InstrumentedAttribute[uuid.UUID] = model.owner_id
    return key


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


def models_of(kind: type[Entity]) -> list[type[Entity]]:
    """Every concrete mapped model of `kind`, found from the registry, never a hand list.

    In name order: the registry is a set, and what is built from this list (cascades, test
    parameters) must come out the same in every process.
    """
    found = [
        mapper.class_
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, kind) and not mapper.class_.__dict__.get("__abstract__")
    ]
    return sorted(found, key=lambda model: model.__name__)


def owned_models() -> list[type[OwnedEntity]]:
    """Every model that belongs to one user."""
    return [model for model in models_of(OwnedEntity) if issubclass(model, OwnedEntity)]


def two_party_models() -> list[type[TwoPartyEntity]]:
    """Every model seen by two parties."""
    return [model for model in models_of(TwoPartyEntity) if issubclass(model, TwoPartyEntity)]
