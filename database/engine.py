"""Engines and session factories for SQLite (embedded default) and PostgreSQL (asyncpg).

SQLite allows one writer at a time, so concurrent writers must queue rather than fail:
- writes go through a pool of exactly one connection, so writers of this process queue in
  order inside SQLAlchemy instead of polling SQLite's lock (whose busy handler sleeps up to
  100 ms between tries and makes tail latency spiky);
- write transactions start with `BEGIN IMMEDIATE`, taking the lock up front: a deferred
  transaction that reads first and writes later can deadlock with another process's writer
  and fail at once with "database is locked", whatever the busy timeout;
- the busy timeout covers writers of other processes (a second uvicorn worker, the CLI);
- reads use their own pool and never wait for writers (WAL mode). They run without an explicit
  transaction: each statement reads its own consistent snapshot, which is all a request needs
  (a list reads its page and its count in one statement), and it saves the BEGIN and COMMIT
  round trips through aiosqlite's thread on every GET (about a third of `GET /auth/me`).
  `query_only` makes any write on such a connection fail loudly instead of autocommitting.
- reads share one connection per process by default (`SQLITE_READ_CONNECTIONS`). An SQLite
  read from the page cache is CPU work, and each aiosqlite connection is a thread of its own
  competing with the event loop for the GIL: with the default pool (up to 15 threads) 32
  concurrent list requests on one core made 254-289 req/s with a p99 of 276-403 ms; with one
  connection, 322-336 req/s and 136 ms (wrk, 10,000 jobs). Reads scale with processes
  (`make serve` runs a worker per core), not threads; a larger pool pays off only for a
  database bigger than the page cache, where reads wait on the disk. The price: a slow read
  (a deep `page=` at a million rows) makes the reads behind it in that process wait, where
  on one core they would only have shared the CPU with it.
PostgreSQL needs none of this: one engine serves both kinds of session, its reads in
autocommit.
"""

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from config import Settings


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _tune_sqlite(engine: AsyncEngine, *, busy_timeout_ms: int, for_writes: bool) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA query_only={0 if for_writes else 1}")
        cursor.close()
        # SQLite's own lower() folds ASCII only; case-insensitive search must match
        # PostgreSQL's for "Émile" as much as for "Emile".
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    if for_writes:

        @event.listens_for(engine.sync_engine, "begin")
        def on_begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_engine(settings: Settings, *, for_writes: bool) -> AsyncEngine:
    pool: dict[str, Any] = {
        "pool_size": 1 if for_writes else settings.sqlite_read_connections,
        "max_overflow": 0,
        "pool_timeout": settings.sqlite_busy_timeout_ms / 1000,
    }
    engine = create_async_engine(
        settings.database_url,
        connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000},
        hide_parameters=True,
        # A read connection never holds a transaction (no BEGIN, query_only), so the ROLLBACK
        # a session's end and the pool's return would send is a thread round trip for nothing.
        skip_autocommit_rollback=not for_writes,
        **pool,
    )
    _tune_sqlite(engine, busy_timeout_ms=settings.sqlite_busy_timeout_ms, for_writes=for_writes)
    return engine


class Database:
    """The engines plus two session factories: read-write and read-only."""

    def __init__(self, settings: Settings) -> None:
        if settings.is_sqlite:
            self.engine = _sqlite_engine(settings, for_writes=True)
            self.read_engine = _sqlite_engine(settings, for_writes=False)
            reads = self.read_engine  # no BEGIN is ever sent on its connections
        else:
            # hide_parameters: errors and logs never carry emails, hashes or token digests.
            # force_custom_plan: asyncpg prepares every statement, and after five runs
            # PostgreSQL may switch to a generic plan that cannot see the LIMIT or the status
            # value, and sorts every match instead of reading the list's index.
            # No pool_pre_ping: it is a round trip on every checkout, an eighth of a list
            # request's CPU. A connection the server has dropped (a restart, a failover) fails
            # its one request with a 503 (utils/error_handlers.py), and SQLAlchemy then
            # replaces it and every older connection. pool_recycle retires connections before
            # the idle timeouts of proxies and firewalls can cut them under us.
            # A fixed pool, no overflow: SQLAlchemy's default (5 + 10 overflow) closes an
            # overflow connection as soon as it comes back, so beyond 5 concurrent requests
            # it opened a new connection (a PostgreSQL process, a login, statements prepared
            # again) about every 9 requests; at 32 clients that cost 20-40 % of the request
            # rate. A request beyond the pool waits for a connection (PoolTimeout: a 503).
            self.engine = create_async_engine(
                settings.database_url,
                pool_size=settings.database_pool_size,
                max_overflow=0,
                pool_recycle=1800,
                hide_parameters=True,
                connect_args={"server_settings": {"plan_cache_mode": "force_custom_plan"}},
            )
            self.read_engine = self.engine
            # Reads in autocommit, as SQLite's run: each statement reads its own snapshot,
            # which is all a request needs (a list reads its page and its count in one
            # statement), and a GET saves the BEGIN and COMMIT round trips (5-14 % of a list
            # request in process). This engine is a view of the other: the same pool, the
            # same event listeners.
            reads = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        # SQLite read connections refuse writes (query_only): a read-only session there has
        # nothing to commit, and skipping the COMMIT saves a thread round trip per GET. On
        # PostgreSQL a GET that wrongly wrote would still have its write stored (below).
        self.reads_cannot_write = settings.is_sqlite
        self._writer = async_sessionmaker(self.engine, expire_on_commit=False)
        self._reader = async_sessionmaker(reads, expire_on_commit=False)

    def engines(self) -> dict[str, AsyncEngine]:
        """Each distinct engine by role: `primary` (all writes; every read on PostgreSQL) and,
        on SQLite, `read`."""
        if self.read_engine is self.engine:
            return {"primary": self.engine}
        return {"primary": self.engine, "read": self.read_engine}

    def session(self, *, read_only: bool = False) -> AsyncSession:
        return (self._reader if read_only else self._writer)()

    async def ping(self) -> None:
        async with self.read_engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
        await self.read_engine.dispose()
