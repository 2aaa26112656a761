"""Alembic environment: async engine, URL from settings, the full model metadata."""

import asyncio
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

import database.models  # noqa: F401  (registers every table on the metadata)
from config import get_settings
from database.base import Base
from database.text_search import include_name
from database.types import UTCDateTime

target_metadata = Base.metadata


def render_item(kind: str, item: object, _context: AutogenContext) -> str | Literal[False]:
    """Write app-specific column types as plain SQLAlchemy types, so a migration never
    imports application code that may change after it was written."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def database_url() -> str:
    # Callers such as the test suite pass a URL explicitly; otherwise use DATABASE_URL.
    url = context.config.attributes.get("database_url")
    return str(url) if url else get_settings().database_url


def run_migrations(**connection_options: Any) -> None:
    # Batch mode lets ALTER-style migrations work on SQLite, which cannot alter tables.
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,
        render_item=render_item,
        include_name=include_name,
        **connection_options,
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    run_migrations(connection=connection)


async def run_migrations_online() -> None:
    engine = create_async_engine(database_url(), poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await engine.dispose()


if context.is_offline_mode():
    run_migrations(url=database_url(), literal_binds=True)
else:
    asyncio.run(run_migrations_online())
