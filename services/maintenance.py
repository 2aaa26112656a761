"""Housekeeping: permanently remove rows that were soft-deleted long enough ago."""

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from database.base import Base, Entity
from database.types import utcnow
from services import idempotency, outbox


def soft_deletable_models() -> list[type[Entity]]:
    """Every soft-deletable model, children before parents (reverse dependency order)."""
    by_table = {
        mapper.class_.__tablename__: mapper.class_
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Entity)
    }
    return [by_table[t.name] for t in reversed(Base.metadata.sorted_tables) if t.name in by_table]


async def purge_deleted(session: AsyncSession, *, older_than_days: int) -> dict[str, int]:
    """Hard-delete rows soft-deleted more than `older_than_days` ago; returns counts per table.

    Children go first, so a parent's foreign keys never block its removal. Rows that depend on a
    purged row without being soft-deleted themselves (refresh tokens) go with it by ON DELETE
    CASCADE.
    """
    cutoff = utcnow() - timedelta(days=older_than_days)
    counts: dict[str, int] = {}
    for model in soft_deletable_models():
        result = await session.execute(
            delete(model)
            .where(model.deleted_at.is_not(None), model.deleted_at < cutoff)
            .execution_options(synchronize_session=False)
        )
        counts[model.__tablename__] = int(getattr(result, "rowcount", 0) or 0)
    # Spent idempotency keys are no use after their 24 hours; they go with the same sweep.
    counts["idempotency_records"] = await idempotency.purge_expired_keys(session)
    # Delivered messages only keep an address nobody needs; pending and dead ones stay.
    counts["outbox_messages"] = await outbox.purge_finished(session, before=cutoff)
    await session.flush()
    return counts
