"""Idempotency keys (SPEC §4): a retried create request gets the first answer, not a duplicate.

A key is claimed before the request runs, in a transaction of its own, so a concurrent retry
sees it and is told the first is still in progress (409). A successful answer is stored under
the claim in the request's own transaction, so it exists exactly when what it answers for does,
and is replayed for 24 hours to the same user sending the same request; the same key with a
different request is a client bug (422). A request that fails frees its key, so the client can
retry it. Keys are per user: another user's identical key is a different key.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import timedelta

import structlog
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from database.integrity import is_unique_violation
from database.models import IdempotencyRecord
from database.types import utcnow
from utils.errors import Conflict, DomainError

logger = structlog.get_logger(__name__)

KEY_LIFETIME = timedelta(hours=24)
# A claim this old whose request never finished belongs to a process that died mid-request.
ABANDONED_AFTER = timedelta(minutes=5)
IN_PROGRESS = "A request with this Idempotency-Key is still in progress; retry later."
RETRY_SOON = {"Retry-After": "1"}


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status_code: int
    content_type: str | None
    body: bytes


def request_digest(method: str, target: str, body: bytes) -> str:
    """What "the same request" means: the same method, path and query, byte for byte body."""
    return hashlib.sha256(f"{method} {target}\n".encode() + body).hexdigest()


def _is_stale(record: IdempotencyRecord) -> bool:
    age = utcnow() - record.created_at
    return age > KEY_LIFETIME or (record.status_code is None and age > ABANDONED_AFTER)


class KeyReused(DomainError):
    """The key was first sent with a different request: a client bug, answered 422."""


async def claim_key(
    session: AsyncSession, *, user_id: uuid.UUID, key: str, digest: str
) -> uuid.UUID | StoredResponse:
    """Claim `key` for a new request and return the claim's id, or the answer to replay.

    Raises Conflict while the first request with this key runs, and KeyReused when the key
    was first used for a different request.
    """
    record = await session.scalar(
        select(IdempotencyRecord)
        .where(IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key)
        .with_for_update()
    )
    if record is not None and _is_stale(record):
        await session.delete(record)
        await session.flush()
        record = None
    if record is None:
        claim = IdempotencyRecord(user_id=user_id, key=key, request_digest=digest)
        try:
            async with session.begin_nested():
                session.add(claim)
        except IntegrityError as error:
            if not is_unique_violation(error):
                raise
            raise Conflict(IN_PROGRESS, headers=RETRY_SOON) from None
        return claim.id
    if record.request_digest != digest:
        raise KeyReused("This Idempotency-Key was first used with a different request.")
    if record.status_code is None or record.body is None:
        raise Conflict(IN_PROGRESS, headers=RETRY_SOON)
    logger.info("idempotent_response_replayed", user_id=str(user_id))
    return StoredResponse(record.status_code, record.content_type, record.body)


async def store_response(
    session: AsyncSession, *, claim_id: uuid.UUID, response: StoredResponse
) -> None:
    """Keep the answer under the claim, in the transaction that stored what it answers for."""
    record = await session.get(IdempotencyRecord, claim_id)
    if record is None:  # taken over after ABANDONED_AFTER: that request owns the key now
        return
    record.status_code = response.status_code
    record.content_type = response.content_type
    record.body = response.body
    await session.flush()


async def release_key(session: AsyncSession, *, claim_id: uuid.UUID) -> None:
    """Free the key of a request that did not succeed, so a retry runs it afresh."""
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.id == claim_id, IdempotencyRecord.status_code.is_(None)
        )
    )


async def purge_expired_keys(session: AsyncSession) -> int:
    """Remove records older than KEY_LIFETIME; returns how many."""
    result = await session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at < utcnow() - KEY_LIFETIME)
    )
    return int(getattr(result, "rowcount", 0) or 0)
