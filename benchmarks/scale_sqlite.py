"""Bulk-loading jobs into SQLite for `benchmarks.scale`, in the app's storage formats.

SQLAlchemy stores a `Uuid` as 32 lowercase hex digits, a `DateTime` as
'YYYY-MM-DD HH:MM:SS.ffffff' (UTC, no offset), JSON as text and booleans as 0/1;
`check_formats` compares that with a row the app wrote itself.

Rows are inserted with plain SQL into `jobs`, so the triggers of the migrations (the FTS5
search table) do their part. Two things keep a million rows from taking ten minutes:
- rows reach `jobs` through `INSERT ... SELECT` from a staging table, a statement per 100,000
  rows: FTS5 writes out its pending terms at every statement that fires a trigger, and a
  statement per row left it a segment per row to merge;
- FTS5 tables get a 64 MiB buffer of pending terms (`hashsize`) during the load, and their
  previous setting back afterwards.
"""

import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from itertools import islice

from benchmarks.scale_data import COLUMNS, Row

STAGED_ROWS = 100_000
FTS5_LOAD_HASHSIZE = 64 * 1024 * 1024
FTS5_DEFAULT_HASHSIZE = 1024 * 1024
UUID_TEXT = re.compile(r"[0-9a-f]{32}")
DATETIME_TEXT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")

SqliteValue = str | bytes | int | float | None


def _lower(value: SqliteValue) -> SqliteValue:
    return value.lower() if isinstance(value, str) else value


@contextmanager
def connect(path: str) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, isolation_level=None)
    # The app's Unicode lower(), in case a trigger or an index of the migrations uses it.
    connection.create_function("lower", 1, _lower, deterministic=True)
    try:
        yield connection
    finally:
        connection.close()


def check_formats(path: str) -> None:
    """Fail loudly if the app stores ids or timestamps differently from what we insert."""
    with connect(path) as connection:
        user_id, created_at = connection.execute("SELECT id, created_at FROM users").fetchone()
    if not (UUID_TEXT.fullmatch(user_id) and DATETIME_TEXT.fullmatch(created_at)):
        raise RuntimeError(f"unexpected SQLite formats: id {user_id!r}, created_at {created_at!r}")


def _time(value: datetime | None) -> str | None:
    return None if value is None else f"{value:%Y-%m-%d %H:%M:%S.%f}"


def _stored(row: Row) -> Row:
    (job_id, owner_id, *text, remote, low, high, currency, tags, status) = row[:13]
    return (job_id.hex, owner_id.hex, *text, int(remote), low, high, currency,
            json.dumps(tags), status, *map(_time, row[13:]))  # fmt: skip


def _fts5_tables(connection: sqlite3.Connection) -> list[str]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
    return [name for (name,) in connection.execute(query)]


def _hashsize(connection: sqlite3.Connection, table: str, size: int | None) -> int:
    """Set an FTS5 table's pending-terms buffer (None: leave it); return the previous one."""
    config = f'"{table}_config"'
    row = connection.execute(f"SELECT v FROM {config} WHERE k = 'hashsize'").fetchone()  # noqa: S608
    if size is not None:
        command = f'INSERT INTO "{table}"("{table}", rank) VALUES (\'hashsize\', ?)'  # noqa: S608
        connection.execute(command, (size,))
    return int(row[0]) if row else FTS5_DEFAULT_HASHSIZE


def load_jobs(path: str, rows: Iterable[Row]) -> tuple[float, float]:
    """Insert every row in one transaction, then ANALYZE; (insert, analyze) seconds."""
    columns = ", ".join(COLUMNS)
    stage = f"INSERT INTO staged VALUES ({', '.join('?' for _ in COLUMNS)})"  # noqa: S608
    with connect(path) as connection:
        for pragma in ("synchronous=OFF", "cache_size=-524288", "temp_store=MEMORY"):
            connection.execute(f"PRAGMA {pragma}")
        # No declared types: values stay exactly as bound until `jobs` applies its own.
        connection.execute(f"CREATE TEMP TABLE staged ({columns})")
        started = time.perf_counter()
        connection.execute("BEGIN")
        previous = {
            t: _hashsize(connection, t, FTS5_LOAD_HASHSIZE) for t in _fts5_tables(connection)
        }
        iterator = iter(rows)
        while batch := list(islice(iterator, STAGED_ROWS)):
            connection.executemany(stage, map(_stored, batch))
            connection.execute(f"INSERT INTO main.jobs ({columns}) SELECT * FROM staged")  # noqa: S608
            connection.execute("DELETE FROM staged")
        for table, size in previous.items():
            _hashsize(connection, table, size)
        connection.execute("COMMIT")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        inserted = time.perf_counter()
        connection.execute("ANALYZE")
        return inserted - started, time.perf_counter() - inserted
