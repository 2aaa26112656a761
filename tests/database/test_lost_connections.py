"""A connection PostgreSQL drops under us costs one 503, never a 500 and never a second failure.

Pooled connections are not pinged before use (database/engine.py), so this is the path a
restart or failover takes: the request that meets the dead connection answers 503 with
Retry-After, SQLAlchemy replaces the pool's connections, and the next request succeeds.
"""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text

from config import Settings
from main import create_app
from tests.helpers.accounts import AccountFactory
from tests.helpers.databases import run_on_server


@pytest.fixture
async def own_app(settings: Settings) -> AsyncIterator[FastAPI]:
    if settings.is_sqlite:
        pytest.skip("an embedded SQLite database has no connection to lose")
    application = create_app(settings)
    yield application
    await application.state.database.dispose()


async def drop_connection_of(app: FastAPI, settings: Settings) -> None:
    """Terminate, from outside, the server side of `app`'s pooled connection, as a restart
    would. Requests here run one at a time, so the pool holds exactly one connection."""
    engine = app.state.database.engine
    assert engine.pool.checkedin() == 1
    async with engine.connect() as connection:
        pid = await connection.scalar(text("SELECT pg_backend_pid()"))
    await run_on_server(settings.database_url, f"SELECT pg_terminate_backend({int(pid)})")


async def test_a_dropped_connection_is_one_503_then_the_pool_recovers(
    own_app: FastAPI, settings: Settings
) -> None:
    users = AccountFactory(own_app, settings)
    account = await users.create()
    transport = ASGITransport(app=own_app)
    async with AsyncClient(transport=transport, base_url="http://t") as http:
        assert (await http.get("/api/v1/auth/me", headers=account.headers)).status_code == 200
        await drop_connection_of(own_app, settings)

        lost = await http.get("/api/v1/auth/me", headers=account.headers)
        assert lost.status_code == 503
        assert lost.headers["content-type"] == "application/problem+json"
        assert lost.headers["retry-after"] == "1"
        assert lost.json()["code"] == "service_unavailable"

        again = await http.get("/api/v1/auth/me", headers=account.headers)
        assert again.status_code == 200
        assert again.json()["id"] == str(account.id)
