"""The outbox table's operations: enqueue in the caller's transaction, claim, record outcomes.

Why claims work this way: a worker takes due messages in one short transaction that moves their
`available_at` to the end of a lease and stamps a fresh `claim_id`, then delivers with no
transaction open. On PostgreSQL the claim selects `FOR UPDATE SKIP LOCKED`, so concurrent
workers each take different rows and never wait on one another. SQLite has one writer at a time
(`BEGIN IMMEDIATE`, see database/engine.py): claims are serialised by the write lock, and the
second worker simply finds the rows already moved past its `now`. Either way a message claimed
by a worker that dies is due again when its lease ends; the attempt it used still counts, so a
message that crashes every worker ends up dead instead of looping. An outcome is recorded only
`WHERE claim_id` is still the worker's own: a worker that overran its lease cannot overwrite
the result of the one that took the message over.
"""

import random
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from database.models import OutboxMessage, OutboxStatus

# Errors are kept for operators, not as logs: a provider's long error page is cut.
_ERROR_MAX_LENGTH = 1000


async def enqueue(session: AsyncSession, *, kind: str, payload: dict[str, Any]) -> None:
    """Add a message to send once the caller's transaction commits (and never if it does not)."""
    session.add(OutboxMessage(kind=kind, payload=payload))
    await session.flush()


async def claim_due(
    session: AsyncSession, *, now: datetime, lease_seconds: float, limit: int
) -> list[OutboxMessage]:
    """Take up to `limit` due messages for `lease_seconds`; each gets its own claim id."""
    due = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.available_at <= now)
        .order_by(OutboxMessage.available_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    messages = list((await session.scalars(due)).all())
    for message in messages:
        message.claim_id = uuid.uuid4()
        message.attempts += 1
        message.available_at = now + timedelta(seconds=lease_seconds)
    await session.flush()
    return messages


async def _finish(session: AsyncSession, message: OutboxMessage, **values: Any) -> bool:
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.claim_id == message.claim_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


async def mark_done(
    session: AsyncSession, message: OutboxMessage, *, status: OutboxStatus, now: datetime
) -> bool:
    """Record a delivery (`SENT`) or that nothing needed sending (`SKIPPED`)."""
    return await _finish(
        session, message, status=status, finished_at=now, claim_id=None, last_error=None
    )


def retry_delay(*, attempts: int, base_seconds: float) -> float:
    """Exponential backoff with jitter: half to all of base·2^(attempts-1) s, at most a day."""
    ceiling = min(base_seconds * 2 ** (attempts - 1), 86_400.0)
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 (spreading retries, not secrets)


async def mark_failed(
    session: AsyncSession,
    message: OutboxMessage,
    *,
    error: str,
    now: datetime,
    dead: bool,
    retry_after: float,
) -> bool:
    """Schedule another attempt after `retry_after` seconds, or give up (`dead`)."""
    values: dict[str, Any] = {"claim_id": None, "last_error": error[:_ERROR_MAX_LENGTH]}
    if dead:
        values |= {"status": OutboxStatus.DEAD, "finished_at": now}
    else:
        values["available_at"] = now + timedelta(seconds=retry_after)
    return await _finish(session, message, **values)


async def list_unfinished(session: AsyncSession) -> Sequence[OutboxMessage]:
    """Pending and dead messages, oldest first: what `python -m manage outbox` shows."""
    statement = (
        select(OutboxMessage)
        .where(OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.DEAD]))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return (await session.scalars(statement)).all()


async def count_unfinished(session: AsyncSession) -> dict[OutboxStatus, int]:
    """How many messages are pending and dead (the status index answers it); 0 when none."""
    unfinished = [OutboxStatus.PENDING, OutboxStatus.DEAD]
    statement = (
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.status.in_(unfinished))
        .group_by(OutboxMessage.status)
    )
    counts = dict.fromkeys(unfinished, 0)
    for status, count in await session.execute(statement):
        counts[status] = count
    return counts


async def retry_dead(session: AsyncSession, *, now: datetime) -> int:
    """Give every dead message a fresh set of attempts, due now; returns how many."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.DEAD)
        .values(status=OutboxStatus.PENDING, attempts=0, available_at=now, finished_at=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def purge_finished(session: AsyncSession, *, before: datetime) -> int:
    """Remove sent and skipped messages finished before `before` (they hold email addresses)."""
    result = await session.execute(
        delete(OutboxMessage)
        .where(
            OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.SKIPPED]),
            OutboxMessage.finished_at < before,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
