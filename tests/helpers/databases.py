"""Scratch PostgreSQL databases beside the suite's own: made, used, dropped."""

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine


async def run_on_server(url: str, statement: str) -> None:
    """One statement outside a transaction (CREATE/DROP DATABASE cannot run in one)."""
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def sibling_database(url: str, suffix: str) -> tuple[str, str]:
    """The URL of `<database>_<suffix>` on the server of `url`, and its quoted name."""
    given = make_url(url)
    sibling = given.set(database=f"{given.database}_{suffix}")
    quoted = '"{}"'.format(str(sibling.database).replace('"', '""'))
    return sibling.render_as_string(hide_password=False), quoted
