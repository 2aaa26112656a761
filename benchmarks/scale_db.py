"""Scratch databases for `benchmarks.scale`: create, migrate, bulk-load jobs, drop.

Jobs are inserted with plain SQL into `jobs`, so whatever the migrations attach to that table
(triggers, full-text tables, trigram indexes) does its part as it would for the app: on
PostgreSQL with COPY (`copy_records_to_table`: native uuid, timestamptz and json), on SQLite
as `benchmarks.scale_sqlite` explains.
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy.engine import make_url

from benchmarks import scale_sqlite
from benchmarks.scale_cases import CpuReading
from benchmarks.scale_data import COLUMNS, Row
from benchmarks.scale_server import process_cpu_seconds

BATCH_ROWS = 20_000


@dataclass(frozen=True)
class ScratchDatabase:
    kind: str  # "sqlite" or "postgresql"
    url: str  # the SQLAlchemy URL the app gets as DATABASE_URL

    @property
    def sqlite_path(self) -> str:
        return str(make_url(self.url).database)

    @property
    def dsn(self) -> str:
        """The URL for asyncpg itself (no `+asyncpg` driver suffix)."""
        return make_url(self.url).set(drivername="postgresql").render_as_string(False)


@dataclass(frozen=True)
class SeedTiming:
    insert_s: float
    analyze_s: float

    @property
    def total_s(self) -> float:
        return self.insert_s + self.analyze_s


def database_kind(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


@contextmanager
def scratch_database(admin_url: str) -> Iterator[ScratchDatabase]:
    """A new empty database: an SQLite file in a temporary folder, or on a PostgreSQL server
    a database of this process (`talent_hub_bench_<pid>`), dropped afterwards."""
    if database_kind(admin_url) == "sqlite":
        with tempfile.TemporaryDirectory(prefix="talent-hub-scale-") as folder:
            yield ScratchDatabase("sqlite", f"sqlite+aiosqlite:///{folder}/bench.db")
        return
    name = f"talent_hub_bench_{os.getpid()}"
    admin = make_url(admin_url)
    admin_dsn = admin.set(drivername="postgresql").render_as_string(False)
    _admin(admin_dsn, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    try:
        yield ScratchDatabase("postgresql", admin.set(database=name).render_as_string(False))
    finally:
        _admin(admin_dsn, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _admin(dsn: str, *statements: str) -> None:
    async def run() -> None:
        connection = await asyncpg.connect(dsn)
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run())


def migrate(database: ScratchDatabase, app_dir: Path) -> None:
    """`alembic upgrade head` of the app under test, as its own process."""
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=app_dir,
        env={**os.environ, "DATABASE_URL": database.url},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"alembic upgrade head failed:\n{result.stderr[-3000:]}")


def check_sqlite_formats(database: ScratchDatabase) -> None:
    scale_sqlite.check_formats(database.sqlite_path)


def backend_pids(database: ScratchDatabase) -> list[int]:
    """The PostgreSQL server processes connected to this database (none for SQLite)."""
    if database.kind == "sqlite":
        return []

    async def pids() -> list[int]:
        connection = await asyncpg.connect(database.dsn)
        try:
            query = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            query += "AND pid <> pg_backend_pid()"
            return [int(row["pid"]) for row in await connection.fetch(query)]
        finally:
            await connection.close()

    return asyncio.run(pids())


def cpu_reading(server_cpu: Callable[[], float], database: ScratchDatabase) -> CpuReading:
    """The server's CPU so far and, for a PostgreSQL on this machine, its backends' (a server
    elsewhere has no process here to read: its CPU is then unknown, not zero)."""
    if database.kind == "sqlite":
        return CpuReading(server_cpu())
    used = {pid: process_cpu_seconds(pid) for pid in backend_pids(database)}
    alive = {pid: seconds for pid, seconds in used.items() if seconds is not None}
    return CpuReading(server_cpu(), alive or None)


def busy(database: ScratchDatabase) -> bool:
    """Whether PostgreSQL still runs queries of this database (requests whose client left)."""
    if database.kind == "sqlite":
        return False

    async def active() -> int:
        connection = await asyncpg.connect(database.dsn)
        try:
            query = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            query += "AND state = 'active' AND pid <> pg_backend_pid()"
            return int(await connection.fetchval(query))
        finally:
            await connection.close()

    return asyncio.run(active()) > 0


def seed_jobs(database: ScratchDatabase, rows: Iterable[Row]) -> SeedTiming:
    """Insert every row in one transaction, then refresh the planner's statistics."""
    if database.kind == "sqlite":
        return SeedTiming(*scale_sqlite.load_jobs(database.sqlite_path, rows))
    return asyncio.run(_seed_postgresql(database, rows))


def _batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_ROWS)):
        yield batch


def _postgresql_row(row: Row) -> Row:
    return (*row[:11], json.dumps(row[11]), *row[12:])


async def _seed_postgresql(database: ScratchDatabase, rows: Iterable[Row]) -> SeedTiming:
    connection: Any = await asyncpg.connect(database.dsn)
    try:
        started = time.perf_counter()
        async with connection.transaction():
            for batch in _batches(rows):
                records = [_postgresql_row(row) for row in batch]
                await connection.copy_records_to_table("jobs", records=records, columns=COLUMNS)
        inserted = time.perf_counter()
        await connection.execute("VACUUM ANALYZE jobs")
        await connection.execute("ANALYZE")
        return SeedTiming(inserted - started, time.perf_counter() - inserted)
    finally:
        await connection.close()
