"""Server-side failures answer problem+json too: generic 500s, unique races, a busy database."""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from config import Settings
from main import create_app
from tests.helpers.problems import assert_problem_body


@pytest.fixture
async def own_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """A private app instance for tests that add routes of their own."""
    application = create_app(settings)
    yield application
    await application.state.database.dispose()


async def test_unhandled_exception_is_generic_500(
    own_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    app = own_app

    async def explode() -> None:
        raise RuntimeError("secret internals: SELECT * FROM users")

    app.add_api_route("/boom", explode)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/boom", headers={"X-Request-ID": "trace-500"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "trace-500"
    assert_problem_body(response.json(), 500, "internal_error")
    assert "SELECT" not in response.text
    assert "RuntimeError" not in response.text
    logged = [record for record in caplog.records if isinstance(record.msg, dict)]
    failure = next(r for r in logged if r.msg["event"] == "unhandled_exception")  # type: ignore[index]
    assert failure.exc_info is not None
    assert failure.msg["request_id"] == "trace-500"  # type: ignore[index]


async def test_unique_violation_race_is_409(own_app: FastAPI) -> None:
    app = own_app

    async def race() -> None:
        raise IntegrityError("INSERT ...", {}, Exception("UNIQUE constraint failed: users.email"))

    app.add_api_route("/race", race)
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/race")
    assert response.status_code == 409
    assert_problem_body(response.json(), 409, "conflict")
    assert "UNIQUE" not in response.text


async def test_other_integrity_errors_are_bugs_not_conflicts(own_app: FastAPI) -> None:
    async def broken() -> None:
        raise IntegrityError("INSERT ...", {}, Exception("FOREIGN KEY constraint failed"))

    own_app.add_api_route("/broken", broken)
    transport = ASGITransport(app=own_app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/broken")
    assert response.status_code == 500
    assert_problem_body(response.json(), 500, "internal_error")


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked")),
        PoolTimeout("QueuePool limit of size 5 overflow 10 reached"),
    ],
)
async def test_busy_database_is_503_with_retry_after(own_app: FastAPI, error: Exception) -> None:
    async def busy() -> None:
        raise error

    own_app.add_api_route("/busy", busy)
    transport = ASGITransport(app=own_app)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/busy")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert_problem_body(response.json(), 503, "service_unavailable")
