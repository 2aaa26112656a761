"""Concurrent requests share a fixed set of connections: they wait for one, never open more.

A pool that opens connections beyond its size under load and closes them as they come back
(SQLAlchemy's default overflow) makes PostgreSQL start a process, and the app log in and
prepare its statements again, every few requests (database/engine.py). The pools here are
fixed: on PostgreSQL `DATABASE_POOL_SIZE`, on SQLite one writer and
`SQLITE_READ_CONNECTIONS` readers.
"""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import event

from config import Settings
from main import create_app
from tests.helpers.accounts import AccountFactory
from tests.helpers.jobs import list_and_post_at_once

POOL_SIZE = 2
READERS, WRITERS = 30, 6


@pytest.fixture
async def small_pool_app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings.model_copy(update={"database_pool_size": POOL_SIZE}))
    yield application
    await application.state.database.dispose()


def count_connections_opened(app: FastAPI) -> list[object]:
    """Every DBAPI connection the app's engines open from now on, appended as it opens."""
    opened: list[object] = []
    for engine in app.state.database.engines().values():
        event.listen(engine.sync_engine, "connect", lambda dbapi, _record: opened.append(dbapi))
    return opened


def pool_capacity(settings: Settings) -> int:
    return 1 + settings.sqlite_read_connections if settings.is_sqlite else POOL_SIZE


async def test_concurrent_requests_wait_for_the_pool_instead_of_opening_connections(
    small_pool_app: FastAPI, settings: Settings
) -> None:
    account = await AccountFactory(small_pool_app, settings).create()
    opened = count_connections_opened(small_pool_app)
    transport = ASGITransport(app=small_pool_app)
    async with AsyncClient(transport=transport, base_url="http://pool") as http:
        for _burst in range(2):  # a second burst reuses the first one's connections
            statuses = await list_and_post_at_once(http, account, reads=READERS, writes=WRITERS)
            assert statuses == [200] * READERS + [201] * WRITERS
        listed = await http.get("/api/v1/jobs?mine=true", headers=account.headers)

    assert listed.json()["total"] == 2 * WRITERS
    assert 1 <= len(opened) <= pool_capacity(settings)


def test_the_postgresql_pool_has_the_configured_size_and_no_overflow(
    small_pool_app: FastAPI, settings: Settings
) -> None:
    if settings.is_sqlite:
        pytest.skip("SQLite's pools are sized by SQLITE_READ_CONNECTIONS")
    pool = small_pool_app.state.database.engine.pool
    assert pool.size() == POOL_SIZE
    assert pool._max_overflow == 0  # private: QueuePool has no public reader for it
