"""What goes with a deleted row: every soft-delete cascade, declared in one place.

Why: a deletion that forgets one child leaves rows nobody can reach but that still show up
(an application to a deleted job, a proposal from a deleted account). So no service lists what
to delete with what. Every owned row goes with its owner (`owner_id`, see `OwnedEntity`), every
reference declared in `CASCADES` goes with the row it points to, and `soft_delete` follows them
all, depth first. A reference that must survive its target is declared in `KEPT`, with the
reason. `tests/database/test_cascades.py` fails when a foreign key is in neither, so a new
resource joins by one line here, never by an edit to `delete_account`.

Each parent level is locked (`FOR NO KEY UPDATE` on PostgreSQL) before its children are
deleted: a child being added right now (an application taking a share lock on its job, a
proposal on its recipient) is either committed first, and deleted here, or waits and then
finds its parent gone.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from database.base import Base, Entity
from database.models import (
    Application,
    Education,
    Enrollment,
    Experience,
    IdempotencyRecord,
    News,
    PasswordResetToken,
    Proposal,
    RefreshToken,
)
from database.scoping import live, locked, owned_models
from database.types import utcnow

Reference = InstrumentedAttribute[Any]


@dataclass(frozen=True)
class Cascade:
    """Deleting the row `column` points to soft-deletes the live rows holding it."""

    column: Reference

    @property
    def child(self) -> type[Entity]:
        return _model_of_table(self.column.expression.table.name)

    @property
    def parent(self) -> type[Entity]:
        (foreign_key,) = self.column.expression.foreign_keys
        return _model_of_table(foreign_key.column.table.name)


@dataclass(frozen=True)
class Kept:
    """A reference that deliberately outlives the deletion of its target."""

    column: Reference
    why: str


CASCADES: tuple[Cascade, ...] = (
    Cascade(Experience.profile_id),
    Cascade(Education.profile_id),
    Cascade(Application.job_id),
    Cascade(Application.applicant_id),
    Cascade(Proposal.sender_id),
    Cascade(Proposal.recipient_id),
    Cascade(Enrollment.course_id),
    Cascade(Enrollment.student_id),
)

KEPT: tuple[Kept, ...] = (
    Kept(
        Proposal.job_id,
        "a proposal is between two people; the job it mentions may close or go without "
        "withdrawing the offer (README, Proposals)",
    ),
    Kept(
        News.author_id,
        "news outlives its author: published items stay up when the account is deleted "
        "(SPEC §5); purging the account empties the reference",
    ),
    Kept(RefreshToken.user_id, "revoked, not deleted: account deletion ends every session"),
    Kept(
        PasswordResetToken.user_id,
        "useless once the account is gone: deletion bumps the token version the reset is "
        "bound to, and confirming also requires a live account; purging removes it",
    ),
    Kept(IdempotencyRecord.user_id, "a stored answer expires on its own after 24 hours"),
)


def _model_of_table(name: str) -> type[Entity]:
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == name:
            model: type[Entity] = mapper.class_
            return model
    raise LookupError(f"no mapped model for table {name!r}")


def every_cascade() -> list[Cascade]:
    """The declared cascades plus one per owned model (its rows go with their owner)."""
    owners = [Cascade(model.owner_id) for model in owned_models()]
    return owners + list(CASCADES)


def cascades_from(parent: type[Entity]) -> list[Cascade]:
    return [cascade for cascade in every_cascade() if cascade.parent is parent]


async def soft_delete(session: AsyncSession, row: Entity) -> None:
    """Mark `row` deleted, after everything declared to go with it; it disappears from every
    scoped query."""
    model = type(row)
    await _delete_children(session, model, model.id == row.id)
    now = utcnow()
    row.deleted_at = now
    row.updated_at = now
    await session.flush()


async def _delete_children(
    session: AsyncSession, parent: type[Entity], *which: ColumnElement[bool]
) -> None:
    """Soft-delete, depth first, the live rows that go with the live `parent` rows `which`."""
    cascades = cascades_from(parent)
    if not cascades:
        return
    parents = live(parent).where(*which).with_only_columns(parent.id)
    await session.execute(locked(parents, parent, "update"))
    for cascade in cascades:
        held_by_parents = cascade.column.in_(parents)
        await _delete_children(session, cascade.child, held_by_parents)
        await _soft_delete_where(session, cascade.child, held_by_parents)


async def _soft_delete_where(
    session: AsyncSession, model: type[Entity], *criteria: ColumnElement[bool]
) -> None:
    now = utcnow()
    statement: Any = (
        update(model)
        .where(model.deleted_at.is_(None), *criteria)
        .values(deleted_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.execute(statement)
