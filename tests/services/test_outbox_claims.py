"""Claims and leases: nothing committed is lost, and one message is never delivered twice."""

import asyncio

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from config import Settings
from database.engine import Database
from database.models import OutboxStatus
from main import create_app
from services import outbox
from tests.helpers.accounts import AccountFactory
from tests.helpers.outbox import FakeClock, http_worker, outbox_rows, request_reset
from tests.helpers.provider import stand_in_provider


async def test_a_message_committed_before_a_stop_is_delivered_on_the_next_start(
    client: AsyncClient, settings: Settings, users: AccountFactory
) -> None:
    user = await users.create()
    await request_reset(client, user.email)  # committed; no worker ran in this "process"
    restarted = Database(settings)
    try:
        async with stand_in_provider() as provider:
            assert await http_worker(restarted, settings, provider).run_once() == 1
        assert [message["to"] for message in provider.accepted] == [user.email]
    finally:
        await restarted.dispose()


async def test_a_claim_of_a_dead_worker_is_taken_over_when_its_lease_ends(
    app: FastAPI, client: AsyncClient, settings: Settings, users: AccountFactory
) -> None:
    await request_reset(client, (await users.create()).email)
    clock = FakeClock()
    database: Database = app.state.database
    async with database.session() as session:  # a worker claims, then dies
        (abandoned,) = await outbox.claim_due(
            session, now=clock(), lease_seconds=settings.outbox_lease_seconds, limit=10
        )
        await session.commit()
    async with stand_in_provider() as provider:
        worker = http_worker(database, settings, provider, clock=clock)
        assert await worker.run_once() == 0  # still leased
        clock.advance(settings.outbox_lease_seconds + 1)
        assert await worker.run_once() == 1
    (row,) = await outbox_rows(app)
    assert (row.status, row.attempts, len(provider.accepted)) == (OutboxStatus.SENT, 2, 1)
    async with database.session() as session:  # the late worker cannot overwrite the outcome
        late = await outbox.mark_failed(
            session, abandoned, error="late", now=clock(), dead=True, retry_after=0
        )
        await session.commit()
    assert late is False
    assert (await outbox_rows(app))[0].status is OutboxStatus.SENT


async def test_the_embedded_worker_delivers_from_the_app_lifespan(
    app: FastAPI, settings: Settings, users: AccountFactory
) -> None:
    embedded = create_app(
        settings.model_copy(update={"outbox_worker_embedded": True, "outbox_poll_seconds": 0.01})
    )
    async with embedded.router.lifespan_context(embedded):
        async with embedded.state.database.session() as session:
            await outbox.enqueue(session, kind="password_reset", payload={"email": "x@example.com"})
            await session.commit()
        for _ in range(500):  # bounded: the worker polls every 10 ms
            if (await outbox_rows(app))[0].status is OutboxStatus.SKIPPED:
                break
            await asyncio.sleep(0.01)
    assert (await outbox_rows(app))[0].status is OutboxStatus.SKIPPED


async def test_two_workers_on_postgresql_deliver_each_message_once(
    client: AsyncClient, settings: Settings, users: AccountFactory
) -> None:
    if settings.is_sqlite:
        pytest.skip("SKIP LOCKED claims need PostgreSQL; SQLite has one writer at a time")
    emails = [(await users.create()).email for _ in range(12)]
    for email in emails:
        await request_reset(client, email)
    first, second = Database(settings), Database(settings)
    try:
        async with stand_in_provider() as provider:
            workers = [
                http_worker(database, settings, provider, outbox_batch_size=3)
                for database in (first, second)
            ]

            async def drain(worker_index: int) -> None:
                while await workers[worker_index].run_once():
                    pass

            await asyncio.gather(drain(0), drain(1))
        assert sorted(message["to"] for message in provider.accepted) == sorted(emails)
    finally:
        await first.dispose()
        await second.dispose()
