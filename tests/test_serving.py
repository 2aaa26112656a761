"""The production command, `uvicorn main:app --workers 2`, over real TCP.

The writers of both worker processes meet at the database: every write must succeed and be
counted exactly once, and reads must keep succeeding meanwhile. Each run serves a database of
its own, never the suite's: a fresh SQLite file always; on PostgreSQL (only when
TEST_DATABASE_URL is a postgresql URL) a scratch `<name>_serving` on that server, then dropped.
"""

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.databases import run_on_server, sibling_database
from tests.helpers.serving import Server, json_records, migrate, serving

WORKERS = 2
WRITERS = 5
WRITES = 100
READS = 40
PASSWORD = "serving-test-password"
JOB = {
    "description": "Written while another worker writes too.",
    "company_name": "Acme",
    "employment_type": "full_time",
    "status": "open",
}


@pytest.fixture(params=["sqlite", "postgresql"])
async def serving_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A freshly migrated database for the server under test alone."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'serving.db'}"
        await migrate(url)
        yield url
        return
    suite_url = os.environ.get("TEST_DATABASE_URL", "")
    if not suite_url.startswith("postgresql"):
        pytest.skip("runs only when TEST_DATABASE_URL is a postgresql URL")
    url, name = sibling_database(suite_url, "serving")
    drop = f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    await run_on_server(suite_url, drop)
    await run_on_server(suite_url, f"CREATE DATABASE {name}")
    try:
        await migrate(url)
        yield url
    finally:
        await run_on_server(suite_url, drop)


@pytest.fixture
async def server(serving_database: str, tmp_path: Path) -> AsyncIterator[Server]:
    """`uvicorn --workers 2` as `make serve` runs it; always stopped, workers included."""
    async with serving(serving_database, tmp_path / "server.log", workers=WORKERS) as running:
        yield running


async def sign_up(http: httpx.AsyncClient, number: int) -> dict[str, str]:
    email = f"writer{number}@example.com"
    registered = await http.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "full_name": f"Writer {number}"},
    )
    assert registered.status_code == 201, registered.text
    signed_in = await http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    return {"Authorization": f"Bearer {signed_in.json()['access_token']}"}


async def test_two_workers_serve_concurrent_writes_and_reads(server: Server) -> None:
    # Every request on a connection of its own, kept open so the sockets show who served it.
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=60, limits=limits) as http:
        people = await asyncio.gather(*(sign_up(http, number) for number in range(WRITERS)))

        async def write(number: int) -> httpx.Response:
            body = {**JOB, "title": f"Job {number}"}
            return await http.post("/api/v1/jobs", json=body, headers=people[number % WRITERS])

        async def read(number: int) -> httpx.Response:
            params = {"mine": "true"} if number % 2 else {}
            return await http.get("/api/v1/jobs", params=params, headers=people[number % WRITERS])

        responses = await asyncio.gather(
            *(write(number) for number in range(WRITES)),
            *(read(number) for number in range(READS)),
        )
        served_by = server.connections_per_worker()
        mine = [await http.get("/api/v1/jobs?mine=true", headers=person) for person in people]
        listed = await http.get("/api/v1/jobs", headers=people[0])

    writes, reads = responses[:WRITES], responses[WRITES:]
    failures = [f"POST {r.status_code} {r.text[:300]}" for r in writes if r.status_code != 201]
    failures += [f"GET {r.status_code} {r.text[:300]}" for r in reads if r.status_code != 200]
    assert not failures, server.explain("\n".join(failures))
    totals = [page.json()["total"] for page in mine]  # adding up to WRITES, each counted once
    assert totals == [WRITES // WRITERS] * WRITERS, server.explain(f"per-writer totals {totals}")
    assert listed.json()["total"] == WRITES, server.explain(listed.text[:300])

    output = server.output()
    assert "database is locked" not in output, server.explain("SQLite lock error logged")
    errors = [
        record
        for record in json_records(output)
        if record["level"] in {"error", "critical"}
        or (record["event"] == "request_finished" and record["status"] >= 500)
    ]
    assert not errors, server.explain(f"errors logged: {errors}")
    if served_by is not None:
        busy = [worker for worker, held in served_by.items() if held]
        assert len(busy) == WORKERS, server.explain(f"connections per worker: {served_by}")
