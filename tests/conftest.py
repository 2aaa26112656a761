"""Fixtures: the real app over HTTP against a real, migrated database, isolated per test.

SQLite (a temporary file) by default; set TEST_DATABASE_URL to run on PostgreSQL instead.
That database is wiped: point it at a database made for tests only. Run in parallel
(`pytest -n auto`, as `make pytest` does), each worker has a database of its own: its own
SQLite file, or on PostgreSQL `<database>_<worker>` beside the given one, made and dropped
by the worker.
"""

import asyncio
import io
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

import config
from config import Settings
from database.base import Base
from main import create_app
from tests.helpers.accounts import AccountFactory
from tests.helpers.databases import run_on_server, sibling_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    if worker_id == "master":  # not under xdist: the given database itself
        yield url
        return
    own, name = sibling_database(url, worker_id)
    asyncio.run(run_on_server(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    asyncio.run(run_on_server(url, f"CREATE DATABASE {name}"))
    try:
        yield own
    finally:
        asyncio.run(run_on_server(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    return config


@pytest.fixture(scope="session")
def migrated_database(database_url: str) -> str:
    """Build the schema once per run through the real migrations, from an empty database."""
    if database_url.startswith("postgresql"):

        async def reset() -> None:
            engine = create_async_engine(database_url)
            async with engine.begin() as connection:
                await connection.execute(text("DROP SCHEMA public CASCADE"))
                await connection.execute(text("CREATE SCHEMA public"))
            await engine.dispose()

        asyncio.run(reset())
    command.upgrade(alembic_config(database_url), "head")
    return database_url


@pytest.fixture(scope="session")
def settings(migrated_database: str) -> Settings:
    return Settings(
        _env_file=None,
        environment="test",
        database_url=migrated_database,
        secret_key="test-secret-key-that-is-long-enough-0123456789",
        log_level="WARNING",
        # The suite signs in hundreds of times from one address; the rate-limit tests build
        # apps of their own with limits on (tests/utils/rate_limits.py).
        rate_limit_enabled=False,
        # Tests drive delivery explicitly (tests/helpers/outbox.py); no background task.
        outbox_worker_embedded=False,
    )


@pytest.fixture(scope="session")
async def shared_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """One app (and connection pool) for the whole run; tests are isolated by `app` below."""
    application = create_app(settings)
    yield application
    await application.state.database.dispose()


@pytest.fixture
async def app(shared_app: FastAPI, settings: Settings) -> AsyncIterator[FastAPI]:
    """The app, with every table emptied after the test."""
    yield shared_app
    database = shared_app.state.database
    async with database.engine.begin() as connection:
        tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
        if settings.is_sqlite:
            for name in tables:
                # Table names come from our own metadata, never from input.
                await connection.execute(text(f'DELETE FROM "{name}"'))  # noqa: S608
        else:
            await connection.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
def users(app: FastAPI, settings: Settings) -> AccountFactory:
    return AccountFactory(app=app, settings=settings)


@pytest.fixture
def manage_env(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Path]:
    """Point `python -m manage` at the test database; stray files land in tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("ENVIRONMENT", "test")
    monkeypatch.setenv("SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    config.get_settings.cache_clear()
    yield tmp_path
    config.get_settings.cache_clear()


@pytest.fixture
def anyio_backend() -> Iterator[str]:
    yield "asyncio"
