"""`python -m manage worker` and `python -m manage outbox`: delivery as a process, and its state."""

import asyncio
import signal

import structlog

from config import Settings
from database.engine import Database
from database.types import utcnow
from services import outbox
from services.email_delivery import OutboxWorker, build_sender, running_worker

logger = structlog.get_logger("talent_hub.manage")


async def _deliver_due(settings: Settings, database: Database) -> int:
    sender = build_sender(settings)
    try:
        return await OutboxWorker(database=database, settings=settings, sender=sender).run_once()
    finally:
        await sender.aclose()


async def _run_until_stopped(settings: Settings, database: Database) -> None:
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stopped.set)
    logger.info("outbox_worker_started")
    async with running_worker(settings, database):
        await stopped.wait()
    logger.info("outbox_worker_stopped")


def run_worker(settings: Settings, *, once: bool) -> int:
    """Deliver the outbox until SIGINT/SIGTERM, or (`once`) what is due now, then exit."""

    async def run() -> None:
        database = Database(settings)
        try:
            if once:
                claimed = await _deliver_due(settings, database)
                logger.info("outbox_delivered", claimed=claimed)
            else:
                await _run_until_stopped(settings, database)
        finally:
            await database.dispose()

    asyncio.run(run())
    return 0


def show_outbox(settings: Settings, *, retry_dead: bool) -> int:
    """Print pending and dead messages; with `retry_dead`, make the dead ones due again first."""

    async def run() -> None:
        database = Database(settings)
        try:
            async with database.session() as session:
                if retry_dead:
                    revived = await outbox.retry_dead(session, now=utcnow())
                    print(f"{revived} dead message(s) queued again.")
                messages = await outbox.list_unfinished(session)
                await session.commit()
        finally:
            await database.dispose()
        if not messages:
            print("No pending or dead messages.")
        for message in messages:
            error = f"  last error: {message.last_error}" if message.last_error else ""
            print(
                f"{message.status.value:<8} {message.id}  {message.kind}  "
                f"attempts={message.attempts}  next={message.available_at:%Y-%m-%d %H:%M:%S}Z"
                f"{error}"
            )

    asyncio.run(run())
    return 0
