"""The unit of work: one session per request, committed in exactly one place."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from database.engine import Database
from utils.errors import DomainError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# Dependencies that do no I/O are still `async def`: FastAPI runs a plain `def` dependency in
# a worker thread, a thread round trip per dependency on every request.
async def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


# For the rare work that must run outside the request's unit of work (see services.auth.login).
AppDatabase = Annotated[Database, Depends(get_database)]


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """Yield the request's session and commit when the endpoint returns.

    Declared with `scope="function"` so the commit runs before the response is sent: a failed
    commit becomes an error response instead of a success the database never stored. Services
    only flush; any other exception rolls everything back when the session closes. A domain
    error marked `keeps_changes` is the one exception: its flushed changes are the point.
    A GET on SQLite has nothing to commit: its connection refuses writes (database/engine.py).
    """
    database = await get_database(request)
    read_only = request.method in SAFE_METHODS
    async with database.session(read_only=read_only) as session:
        # For work wrapped around the endpoint that must commit or roll back with it
        # (storing an idempotent answer, see utils/idempotency.py).
        request.state.unit_of_work = session
        try:
            yield session
        except DomainError as error:
            if error.keeps_changes:
                await session.commit()
            raise
        if not (read_only and database.reads_cannot_write):
            await session.commit()


DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]
