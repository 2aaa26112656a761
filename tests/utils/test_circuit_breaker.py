"""The circuit breaker: unit rules on an injected clock, then a failing provider behind it."""

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from config import Settings
from database.models import OutboxStatus
from tests.helpers.accounts import AccountFactory
from tests.helpers.outbox import FakeClock, http_worker, outbox_rows, request_reset
from tests.helpers.provider import stand_in_provider
from utils.circuit_breaker import BreakerState, CircuitBreaker, CircuitOpen
from utils.email_http import HttpEmailSender


def test_the_breaker_opens_lets_one_trial_through_and_closes() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, cooldown_seconds=30, clock=clock.monotonic)
    breaker.before_call()
    breaker.record_failure()
    states = [breaker.state]
    breaker.record_failure()
    states.append(breaker.state)
    assert states == [BreakerState.CLOSED, BreakerState.OPEN]
    with pytest.raises(CircuitOpen) as refused:
        breaker.before_call()
    assert refused.value.retry_in == 30

    clock.advance(30)
    assert breaker.state is BreakerState.HALF_OPEN
    breaker.before_call()  # the trial
    with pytest.raises(CircuitOpen):
        breaker.before_call()  # only one at a time
    breaker.record_failure()  # a failed trial reopens for a whole cool-down
    assert (breaker.state, breaker.retry_in()) == (BreakerState.OPEN, 30)

    clock.advance(30)
    breaker.before_call()
    breaker.record_success()
    assert (breaker.state, breaker.retry_in()) == (BreakerState.CLOSED, 0)


async def test_an_open_breaker_stops_calls_until_the_provider_is_tried_again(
    app: FastAPI, client: AsyncClient, settings: Settings, users: AccountFactory
) -> None:
    user = await users.create()
    await request_reset(client, user.email)
    clock = FakeClock()
    async with stand_in_provider() as provider:
        provider.plan(503, 503)
        worker = http_worker(
            app.state.database,
            settings,
            provider,
            clock=clock,
            email_send_attempts=1,
            email_breaker_failures=2,
            email_breaker_cooldown_seconds=600,
            outbox_retry_base_seconds=1,
        )
        assert isinstance(worker.sender, HttpEmailSender)
        breaker = worker.sender.breaker
        await worker.run_once()
        clock.advance(10)
        await worker.run_once()
        assert (breaker.state, provider.requests) == (BreakerState.OPEN, 2)

        clock.advance(300)  # the message is due again, the provider is still cooling down
        assert await worker.run_once() == 0
        assert provider.requests == 2

        clock.advance(300)
        assert await worker.run_once() == 1
        assert (breaker.state, provider.requests, len(provider.accepted)) == (
            BreakerState.CLOSED,
            3,
            1,
        )
    (row,) = await outbox_rows(app)
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 3)
