"""What the app counts beyond requests: pool connections, the outbox, rate-limit refusals."""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text

from config import Settings
from tests.helpers.accounts import AccountFactory
from tests.helpers.metrics import metrics_app, scrape, value_of
from tests.helpers.outbox import http_worker, request_reset
from tests.helpers.problems import assert_problem
from tests.helpers.provider import StandInProvider, stand_in_provider
from tests.helpers.rate_limits import client_of, limited_app, limited_settings, login

IN_USE = "talent_hub_db_connections_in_use"
FAILURES = "talent_hub_outbox_delivery_failures_total"


@pytest.fixture
async def provider() -> AsyncIterator[StandInProvider]:
    async with stand_in_provider() as running:
        yield running


async def test_connections_in_use_follow_the_pool(app: FastAPI, settings: Settings) -> None:
    async with metrics_app(settings) as application:
        before = value_of(IN_USE, pool="primary")
        async with application.state.database.session() as session:
            await session.execute(text("SELECT 1"))
            assert value_of(IN_USE, pool="primary") == before + 1
        assert value_of(IN_USE, pool="primary") == before


async def test_the_outbox_backlog_and_its_failures(
    app: FastAPI, settings: Settings, users: AccountFactory, provider: StandInProvider
) -> None:
    user = await users.create()
    async with metrics_app(settings) as application:
        transport = ASGITransport(app=application)
        async with AsyncClient(transport=transport, base_url="http://testserver") as http:
            await request_reset(http, user.email)
            waiting = await scrape(http)
            failed_before = value_of(FAILURES, kind="password_reset", outcome="dead")
            provider.plan(422)  # refused: the message is dead at once
            await http_worker(application.state.database, settings, provider).run_once()
            given_up = await scrape(http)
    pending = ("talent_hub_outbox_messages", (("status", "pending"),))
    dead = ("talent_hub_outbox_messages", (("status", "dead"),))
    assert (waiting[pending], waiting[dead]) == (1, 0)
    assert (given_up[pending], given_up[dead]) == (0, 1)
    assert value_of(FAILURES, kind="password_reset", outcome="dead") == failed_before + 1


async def test_rate_limit_refusals_are_counted_by_limit(app: FastAPI, settings: Settings) -> None:
    limits = limited_settings(settings, auth_rate_limit="1/minute")
    before = value_of("talent_hub_rate_limit_refusals_total", limit="auth-ip-email")
    async with limited_app(limits) as application, client_of(application) as http:
        assert (await login(http, "victim@example.test")).status_code == 401
        assert_problem(await login(http, "victim@example.test"), 429, "rate_limited")
    after = value_of("talent_hub_rate_limit_refusals_total", limit="auth-ip-email")
    assert after == before + 1
