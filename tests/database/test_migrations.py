"""Migrations build exactly the schema the models describe, and can be rolled back."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi import FastAPI
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Connection

from database.base import Base
from database.text_search import include_name
from tests.conftest import alembic_config


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"include_name": include_name})
    return list(compare_metadata(context, Base.metadata))


async def test_models_and_migrations_do_not_drift(app: FastAPI) -> None:
    async with app.state.database.engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'roundtrip.db'}"
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    engine = create_engine(f"sqlite:///{tmp_path / 'roundtrip.db'}")
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert {table.name for table in Base.metadata.sorted_tables} <= tables
