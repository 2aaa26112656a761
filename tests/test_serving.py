"""The production command, `uvicorn main:app --workers 2`, over real TCP.

The writers of both worker processes meet at the database: every write must succeed and be
counted exactly once, and reads must keep succeeding meanwhile. Each run serves a database of
its own, never the suite's: a fresh SQLite file always; on PostgreSQL (only when
TEST_DATABASE_URL is a postgresql URL) a scratch `<name>_serving` on that server, then dropped.
"""

import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic import command
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.conftest import ROOT, alembic_config

WORKERS = 2
WRITERS = 5
WRITES = 100
READS = 40
PASSWORD = "serving-test-password"
STARTED = "Application startup complete."
JOB = {
    "description": "Written while another worker writes too.",
    "company_name": "Acme",
    "employment_type": "full_time",
    "status": "open",
}


@dataclass
class Server:
    process: asyncio.subprocess.Process
    base_url: str
    port: int
    log: Path

    def output(self) -> str:  # the server's stdout and stderr, both workers included
        return self.log.read_text(errors="replace")

    def explain(self, problem: str) -> str:
        return f"{problem}\n--- server output ---\n{self.output()[-20_000:]}"

    def worker_pids(self) -> list[int]:
        """From each worker's "Started server process [pid]" line."""
        return [int(pid) for pid in re.findall(r"Started server process \[(\d+)\]", self.output())]

    def connections_per_worker(self) -> dict[int, int] | None:
        """Accepted TCP connections each worker holds (Linux /proc), or None elsewhere.

        The kernel picks the accepting process and the app logs no pid: sockets tell.
        """
        if not Path("/proc/net/tcp").exists():
            return None
        local = f":{self.port:04X}"
        inodes = {
            f"socket:[{fields[9]}]"
            for fields in map(str.split, Path("/proc/net/tcp").read_text().splitlines()[1:])
            if fields[1].endswith(local) and fields[3] != "0A"  # 0A: the listening socket
        }
        counts: dict[int, int] = {}
        for worker in self.worker_pids():
            held = 0
            for descriptor in Path(f"/proc/{worker}/fd").iterdir():
                try:
                    held += str(descriptor.readlink()) in inodes
                except OSError:  # closed while we looked
                    continue
            counts[worker] = held
        return counts


def json_records(output: str) -> list[dict[str, Any]]:
    """The workers' JSON log lines (the supervisor process writes plain text)."""
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def migrate(url: str) -> None:
    # Alembic's environment runs its own event loop: give it a thread of its own.
    await asyncio.to_thread(command.upgrade, alembic_config(url), "head")


async def run_on_server(url: str, statement: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


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
    scratch = (suite := make_url(suite_url)).set(database=f"{suite.database}_serving")
    name = '"{}"'.format(str(scratch.database).replace('"', '""'))
    drop = f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    await run_on_server(suite_url, drop)
    await run_on_server(suite_url, f"CREATE DATABASE {name}")
    try:
        url = scratch.render_as_string(hide_password=False)
        await migrate(url)
        yield url
    finally:
        await run_on_server(suite_url, drop)


async def wait_until_ready(server: Server) -> None:
    """Until every worker has started and /healthz answers."""
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient(base_url=server.base_url, timeout=5) as http:
        while time.monotonic() < deadline:
            if server.process.returncode is not None:
                pytest.fail(server.explain(f"the server exited ({server.process.returncode})"))
            if server.output().count(STARTED) >= WORKERS:
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
            await asyncio.sleep(0.1)
    pytest.fail(server.explain("the server was not ready within 60 s"))


@pytest.fixture
async def server(serving_database: str, tmp_path: Path) -> AsyncIterator[Server]:
    """`uvicorn --workers 2` as `make serve` runs it; always stopped, workers included."""
    port = free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "DATABASE_URL": serving_database,
        "ENVIRONMENT": "test",
        "SECRET_KEY": "serving-test-secret-key-that-is-long-enough-0123456789",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
    }
    sink = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)  # shared: lines stay whole
    try:
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1"),
            *("--port", str(port), "--workers", str(WORKERS)),
            *("--no-access-log", "--proxy-headers"),
            # Beyond `make serve`: idle connections stay open until they are counted.
            *("--timeout-keep-alive", "60"),
            cwd=ROOT,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=sink,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # its own process group: the workers can be killed too
        )
    finally:
        os.close(sink)
    running = Server(process=process, base_url=f"http://127.0.0.1:{port}", port=port, log=log)
    try:
        await wait_until_ready(running)
        yield running
    finally:
        if process.returncode is None:
            process.terminate()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), timeout=15)
        with contextlib.suppress(ProcessLookupError):  # whatever of its group still runs
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()


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
