"""Delivering the outbox to a real stand-in provider: retries, dead messages, a hanging provider."""

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from config import Settings
from database.models import OutboxStatus
from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.auth import ME
from tests.helpers.outbox import FakeClock, http_worker, outbox_rows, request_reset
from tests.helpers.provider import HANG, StandInProvider, stand_in_provider
from utils.email import ConsoleSender, EmailMessage


@pytest.fixture
async def provider() -> AsyncIterator[StandInProvider]:
    async with stand_in_provider() as running:
        yield running


@pytest.fixture
async def queued(client: AsyncClient, users: AccountFactory) -> Account:
    """An account with one reset email waiting in the outbox."""
    user = await users.create()
    await request_reset(client, user.email)
    return user


@pytest.mark.usefixtures("queued")
async def test_transient_failures_are_retried_and_delivered_exactly_once(
    app: FastAPI, settings: Settings, provider: StandInProvider
) -> None:
    provider.plan(503, 503)
    worker = http_worker(app.state.database, settings, provider, email_send_attempts=3)
    assert await worker.run_once() == 1
    assert await worker.run_once() == 0
    assert provider.requests == 3
    assert len(provider.accepted) == 1
    # Every try of one attempt carries the same key, so the provider can drop duplicates.
    assert len({headers["idempotency-key"] for headers in provider.headers}) == 1
    (row,) = await outbox_rows(app)
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 1, None)


@pytest.mark.usefixtures("queued")
async def test_a_failed_attempt_waits_for_its_backoff_then_delivers(
    app: FastAPI, settings: Settings, provider: StandInProvider
) -> None:
    provider.plan(503, 503)
    clock = FakeClock()
    worker = http_worker(app.state.database, settings, provider, clock=clock, email_send_attempts=2)
    await worker.run_once()
    (row,) = await outbox_rows(app)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    assert row.last_error is not None and "503" in row.last_error
    assert await worker.run_once() == 0  # not due yet
    clock.advance(settings.outbox_retry_base_seconds)
    assert await worker.run_once() == 1
    (row,) = await outbox_rows(app)
    assert (row.status, row.attempts, len(provider.accepted)) == (OutboxStatus.SENT, 2, 1)


@pytest.mark.usefixtures("queued")
async def test_a_refusal_is_not_retried_and_the_message_is_dead(
    app: FastAPI, settings: Settings, provider: StandInProvider
) -> None:
    provider.plan(422)
    await http_worker(app.state.database, settings, provider).run_once()
    assert provider.requests == 1
    (row,) = await outbox_rows(app)
    assert row.status is OutboxStatus.DEAD
    assert row.last_error == "provider refused the message: 422"


@pytest.mark.usefixtures("queued")
async def test_a_message_is_dead_after_its_last_attempt_and_keeps_the_error(
    app: FastAPI, settings: Settings, provider: StandInProvider
) -> None:
    provider.plan(503, 503)
    clock = FakeClock()
    worker = http_worker(
        app.state.database,
        settings,
        provider,
        clock=clock,
        email_send_attempts=1,
        outbox_max_attempts=2,
    )
    await worker.run_once()
    clock.advance(settings.outbox_retry_base_seconds)
    await worker.run_once()
    (row,) = await outbox_rows(app)
    assert (row.status, row.attempts) == (OutboxStatus.DEAD, 2)
    assert row.last_error == "ProviderUnavailable: provider answered 503"
    clock.advance(86_400)
    assert await worker.run_once() == 0


async def test_a_hanging_provider_never_blocks_a_request(
    app: FastAPI,
    client: AsyncClient,
    settings: Settings,
    provider: StandInProvider,
    queued: Account,
) -> None:
    provider.plan(HANG)
    worker = http_worker(
        app.state.database,
        settings,
        provider,
        email_send_attempts=1,
        email_read_timeout_seconds=0.5,
    )
    delivery = asyncio.create_task(worker.run_once())
    await provider.received.wait()
    # The provider holds the worker's call open: the API still answers reads and writes.
    await request_reset(client, "someone.else@example.com")
    assert (await client.get(ME, headers=queued.headers)).status_code == 200
    assert not delivery.done()
    assert await delivery == 1  # the read timeout ends the call
    first, second = await outbox_rows(app)
    assert (first.status, first.last_error) == (OutboxStatus.PENDING, "ReadTimeout")
    assert second.status is OutboxStatus.PENDING


async def test_the_console_sender_logs_the_message_for_developers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    message = EmailMessage(
        to="a@example.com", subject="Hi", text="link: #token=x", idempotency_key="k"
    )
    await ConsoleSender().send(message)
    (event,) = [record.msg for record in caplog.records if isinstance(record.msg, dict)]
    assert event["event"] == "email_printed"
    assert (event["to"], event["text"]) == ("a@example.com", "link: #token=x")
