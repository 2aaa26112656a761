"""A real `uvicorn main:app --workers N` over TCP, as `make serve` runs it, for tests.

The server runs in a process group of its own, so stopping it stops its workers too; its
stdout and stderr (every worker's) go to one log file the test can read and show on failure.
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

from tests.conftest import ROOT, alembic_config

STARTED = "Application startup complete."


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


async def wait_until_ready(server: Server, workers: int) -> None:
    """Until every worker has started and /healthz answers."""
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient(base_url=server.base_url, timeout=5) as http:
        while time.monotonic() < deadline:
            if server.process.returncode is not None:
                pytest.fail(server.explain(f"the server exited ({server.process.returncode})"))
            if server.output().count(STARTED) >= workers:
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
            await asyncio.sleep(0.1)
    pytest.fail(server.explain("the server was not ready within 60 s"))


async def migrate(url: str) -> None:
    # Alembic's environment runs its own event loop: give it a thread of its own.
    await asyncio.to_thread(command.upgrade, alembic_config(url), "head")


@contextlib.asynccontextmanager
async def serving(
    database_url: str, log: Path, *, workers: int, env: dict[str, str] | None = None
) -> AsyncIterator[Server]:
    """`uvicorn --workers N` on a free port, ready to answer; always stopped, workers included."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "test",
        "SECRET_KEY": "serving-test-secret-key-that-is-long-enough-0123456789",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        **(env or {}),
    }
    sink = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)  # shared: lines stay whole
    try:
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1"),
            *("--port", str(port), "--workers", str(workers)),
            *("--no-access-log", "--proxy-headers"),
            # Beyond `make serve`: idle connections stay open until they are counted.
            *("--timeout-keep-alive", "60"),
            cwd=ROOT,
            env=environment,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=sink,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # its own process group: the workers can be killed too
        )
    finally:
        os.close(sink)
    running = Server(process=process, base_url=f"http://127.0.0.1:{port}", port=port, log=log)
    try:
        await wait_until_ready(running, workers)
        yield running
    finally:
        if process.returncode is None:
            process.terminate()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), timeout=15)
        with contextlib.suppress(ProcessLookupError):  # whatever of its group still runs
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
