"""The outbox worker: deliver due messages through the configured sender, outside requests.

Embedded mode (the default) runs one worker as a task of each web process, started and
stopped by the app's lifespan; `python -m manage worker` runs the same loop as a process of
its own (then set `OUTBOX_WORKER_EMBEDDED=false`). Any number may run at once: claims never
hand one message to two workers (services/outbox.py).

A message is composed in a transaction of its own (a reset email mints its token there) that
commits before the sender is called, so no transaction or SQLite write lock is held while a
provider is slow. Delivery is at least once: a worker that dies after the provider accepted a
message but before recording it lets the lease expire, and the message goes again (a reset
email then carries a new token, superseding the first).
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from datetime import datetime
from typing import Any, Protocol

import structlog
from opentelemetry.trace import TracerProvider
from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from database.engine import Database
from database.models import OutboxMessage, OutboxStatus
from database.types import utcnow
from services import outbox, password_reset
from utils.circuit_breaker import CircuitBreaker
from utils.email import (
    ConsoleSender,
    DeliveryError,
    EmailMessage,
    EmailSender,
    PermanentDeliveryError,
)
from utils.email_http import HttpEmailSender
from utils.metrics import OUTBOX_DELIVERY_FAILURES
from utils.tracing import instrument_http_client


class Composer(Protocol):
    """Turn an outbox payload into the email to send, or None when there is nothing to send."""

    def __call__(
        self, session: AsyncSession, *, settings: Settings, payload: dict[str, Any], key: str
    ) -> Awaitable[EmailMessage | None]: ...


# What each kind of outbox message becomes; a new kind of email joins with one line here.
COMPOSERS: dict[str, Composer] = {password_reset.PASSWORD_RESET: password_reset.compose_reset_email}

# On shutdown a delivery in flight gets this long; then it is cancelled and its lease expires.
SHUTDOWN_GRACE_SECONDS = 5.0

logger = structlog.get_logger(__name__)


def build_sender(
    settings: Settings, *, tracer_provider: TracerProvider | None = None
) -> EmailSender:
    if settings.chosen_email_sender == "console":
        return ConsoleSender()
    breaker = CircuitBreaker(
        failure_threshold=settings.email_breaker_failures,
        cooldown_seconds=settings.email_breaker_cooldown_seconds,
    )
    sender = HttpEmailSender(settings=settings, breaker=breaker)
    instrument_http_client(sender.client, tracer_provider)
    return sender


class OutboxWorker:
    def __init__(
        self,
        *,
        database: Database,
        settings: Settings,
        sender: EmailSender,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.database = database
        self.settings = settings
        self.sender = sender
        self.clock = clock

    async def run_once(self) -> int:
        """Claim what is due and deliver it; returns how many messages were claimed."""
        if not self.sender.ready():
            return 0
        async with self.database.session() as session:
            claimed = await outbox.claim_due(
                session,
                now=self.clock(),
                lease_seconds=self.settings.outbox_lease_seconds,
                limit=self.settings.outbox_batch_size,
            )
            await session.commit()
        await asyncio.gather(*(self._deliver(message) for message in claimed))
        return len(claimed)

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set, pausing `OUTBOX_POLL_SECONDS` whenever nothing is due."""
        while not stop.is_set():
            try:
                claimed = await self.run_once()
            except Exception:  # the database may be down for a while; the loop must survive
                logger.exception("outbox_cycle_failed")
                claimed = 0
            if claimed == 0:
                with suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.settings.outbox_poll_seconds)

    async def _deliver(self, message: OutboxMessage) -> None:
        log = logger.bind(message_id=str(message.id), kind=message.kind, attempt=message.attempts)
        try:
            email = await self._compose(message)
            if email is not None:
                await self.sender.send(email)
        except DeliveryError as error:
            await self._record_failure(message, error, log)
            return
        except Exception as error:  # a bug or a database error while composing
            log.exception("outbox_message_failed")
            await self._record_failure(message, error, log)
            return
        async with self.database.session() as session:
            await outbox.mark_done(session, message, status=OutboxStatus.SENT, now=self.clock())
            await session.commit()
        log.info("outbox_message_sent")

    async def _compose(self, message: OutboxMessage) -> EmailMessage | None:
        compose = COMPOSERS[message.kind]
        async with self.database.session() as session:
            email = await compose(
                session,
                settings=self.settings,
                payload=message.payload,
                key=f"{message.id}:{message.attempts}",
            )
            if email is None:
                await outbox.mark_done(
                    session, message, status=OutboxStatus.SKIPPED, now=self.clock()
                )
            await session.commit()
        return email

    async def _record_failure(
        self, message: OutboxMessage, error: Exception, log: structlog.stdlib.BoundLogger
    ) -> None:
        dead = isinstance(error, PermanentDeliveryError) or (
            message.attempts >= self.settings.outbox_max_attempts
        )
        delay = outbox.retry_delay(
            attempts=message.attempts, base_seconds=self.settings.outbox_retry_base_seconds
        )
        async with self.database.session() as session:
            await outbox.mark_failed(
                session,
                message,
                error=str(error) or type(error).__name__,
                now=self.clock(),
                dead=dead,
                retry_after=delay,
            )
            await session.commit()
        outcome = "dead" if dead else "retry"
        OUTBOX_DELIVERY_FAILURES.labels(kind=message.kind, outcome=outcome).inc()
        log.warning("outbox_message_dead" if dead else "outbox_message_retry", error=str(error))


@asynccontextmanager
async def running_worker(
    settings: Settings, database: Database, *, tracer_provider: TracerProvider | None = None
) -> AsyncIterator[OutboxWorker]:
    """Run a worker with the configured sender as a background task for the block's duration;
    its provider calls are traced with `tracer_provider` when given."""
    sender = build_sender(settings, tracer_provider=tracer_provider)
    worker = OutboxWorker(database=database, settings=settings, sender=sender)
    stop = asyncio.Event()
    delivery = asyncio.create_task(worker.run_forever(stop), name="outbox-worker")
    try:
        yield worker
    finally:
        stop.set()
        with suppress(TimeoutError):
            await asyncio.wait_for(delivery, SHUTDOWN_GRACE_SECONDS)
        await sender.aclose()
