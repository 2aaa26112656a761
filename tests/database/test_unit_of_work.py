"""The request's unit of work commits before the response is sent, and only on success."""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select

from config import Settings
from database.models import User
from database.session import DbSession
from main import create_app
from tests.helpers.accounts import DEFAULT_PASSWORD, AccountFactory, default_password_hash


@pytest.fixture
async def probe_app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    yield application
    await application.state.database.dispose()


async def count_users(app: FastAPI, email: str) -> int:
    async with app.state.database.session() as session:
        found = await session.scalar(select(func.count()).where(User.email == email))
        return int(found or 0)


async def test_a_failing_commit_is_the_answer_not_a_success(
    probe_app: FastAPI, users: AccountFactory
) -> None:
    taken = await users.create()

    async def add_duplicate(session: DbSession) -> dict[str, bool]:
        # No flush: the unique index only fires at the commit, after this handler returned.
        session.add(User(email=taken.email, hashed_password=default_password_hash(), full_name="X"))
        return {"stored": True}

    probe_app.add_api_route("/probe/duplicate", add_duplicate, methods=["POST"])
    transport = ASGITransport(app=probe_app)
    async with AsyncClient(transport=transport, base_url="http://probe") as http:
        response = await http.post("/probe/duplicate")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert await count_users(probe_app, taken.email) == 1


async def test_an_error_after_a_flush_rolls_everything_back(probe_app: FastAPI) -> None:
    async def add_then_fail(session: DbSession) -> None:
        session.add(
            User(email="ghost@example.com", hashed_password=default_password_hash(), full_name="G")
        )
        await session.flush()
        raise RuntimeError("the handler fails after its write")

    probe_app.add_api_route("/probe/fail", add_then_fail, methods=["POST"])
    transport = ASGITransport(app=probe_app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://probe") as http:
        response = await http.post("/probe/fail")
    assert response.status_code == 500
    assert await count_users(probe_app, "ghost@example.com") == 0
    assert DEFAULT_PASSWORD not in response.text


async def test_a_get_that_writes_is_never_lost_silently(
    probe_app: FastAPI, settings: Settings
) -> None:
    """GETs use read-only sessions. On SQLite their connections refuse writes (query_only), so
    a read session ends without a COMMIT; on PostgreSQL it commits like any other."""

    async def write_on_a_read(session: DbSession) -> dict[str, bool]:
        session.add(
            User(email="reader@example.com", hashed_password=default_password_hash(), full_name="R")
        )
        await session.flush()
        return {"stored": True}

    probe_app.add_api_route("/probe/read", write_on_a_read, methods=["GET"])
    transport = ASGITransport(app=probe_app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://probe") as http:
        response = await http.get("/probe/read")
    stored = await count_users(probe_app, "reader@example.com")
    if settings.is_sqlite:
        assert (response.status_code, stored) == (500, 0)
    else:
        assert (response.status_code, stored) == (200, 1)


async def test_reads_run_outside_a_transaction_and_writes_inside_one(
    probe_app: FastAPI,
) -> None:
    """A GET's statements each read their own snapshot, with no BEGIN or COMMIT round trips
    (database/engine.py); anything else runs in one transaction, committed at the end."""

    async def in_transaction(session: DbSession) -> dict[str, bool]:
        await session.execute(select(func.count()).select_from(User))
        raw = await (await session.connection()).get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        open_transaction = getattr(driver, "in_transaction", None)  # aiosqlite
        if open_transaction is None:
            open_transaction = driver.is_in_transaction()  # asyncpg
        return {"in_transaction": bool(open_transaction)}

    probe_app.add_api_route("/probe/transaction", in_transaction, methods=["GET", "POST"])
    transport = ASGITransport(app=probe_app)
    async with AsyncClient(transport=transport, base_url="http://probe") as http:
        read = await http.get("/probe/transaction")
        write = await http.post("/probe/transaction")
    assert read.json() == {"in_transaction": False}
    assert write.json() == {"in_transaction": True}
