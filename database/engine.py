"""Engine and session factory for SQLite (embedded default) and PostgreSQL (asyncpg).

SQLite is tuned so many concurrent writers queue instead of failing: WAL lets readers run beside
one writer, the busy timeout makes a blocked writer wait, and write transactions start with
`BEGIN IMMEDIATE` so the lock is taken up front. A deferred transaction that reads first and
writes later can deadlock with another writer and fail at once with "database is locked",
whatever the busy timeout. Read-only sessions keep `BEGIN DEFERRED` so reads never queue.
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

READ_ONLY_OPTION = "talent_hub_read_only"


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _tune_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's own lower() folds ASCII only; case-insensitive search must match
        # PostgreSQL's for "Émile" as much as for "Emile".
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")


def create_engine(settings: Settings) -> AsyncEngine:
    if settings.is_sqlite:
        engine = create_async_engine(
            settings.database_url,
            connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000},
            hide_parameters=True,
        )
        _tune_sqlite(engine, settings.sqlite_busy_timeout_ms)
        return engine
    # hide_parameters: error messages and logs never carry emails, hashes or token digests.
    return create_async_engine(settings.database_url, pool_pre_ping=True, hide_parameters=True)


class Database:
    """The engine plus its two session factories: read-write and read-only."""

    def __init__(self, settings: Settings) -> None:
        self.engine = create_engine(settings)
        self._writer = async_sessionmaker(self.engine, expire_on_commit=False)
        self._reader = async_sessionmaker(
            self.engine.execution_options(**{READ_ONLY_OPTION: True}), expire_on_commit=False
        )

    def session(self, *, read_only: bool = False) -> AsyncSession:
        return (self._reader if read_only else self._writer)()

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
