"""Apps with rate limits on, for the tests that count to a limit.

The suite's own app runs with limits off (see `tests/conftest.py`); these build apps of their
own on the same database, each counting under a key prefix of its own that starts with
`RUN_PREFIX`, so a run deletes only its own Redis keys and never meets another run's.
"""

import socket
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import redis.asyncio
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient, Response
from sqlalchemy import event

from config import Settings
from main import create_app

WRONG_PASSWORD = "not the password at all"
RUN_PREFIX = f"talent-hub-test-{uuid.uuid4().hex}"


def limited_settings(settings: Settings, **overrides: Any) -> Settings:
    """The suite's settings with limits on and a fresh counter namespace, plus `overrides`."""
    values = {
        **settings.model_dump(),
        "rate_limit_enabled": True,
        "rate_limit_key_prefix": f"{RUN_PREFIX}-{uuid.uuid4().hex}",
        **overrides,
    }
    return Settings(_env_file=None, **values)


@asynccontextmanager
async def limited_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """An app built from `settings`, its pools closed afterwards."""
    application = create_app(settings)
    try:
        yield application
    finally:
        await application.state.database.dispose()
        if application.state.rate_limiter is not None:
            await application.state.rate_limiter.close()


async def run_keys(redis_url: str) -> list[bytes]:
    """This run's keys in Redis."""
    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        return [key async for key in client.scan_iter(match=f"{RUN_PREFIX}-*")]
    finally:
        await client.aclose()


async def delete_run_keys(redis_url: str) -> None:
    """Delete this run's keys, and only them."""
    keys = await run_keys(redis_url)
    if keys:
        client = redis.asyncio.Redis.from_url(redis_url)
        try:
            await client.delete(*keys)
        finally:
            await client.aclose()


@asynccontextmanager
async def client_of(app: Any, *, address: str = "127.0.0.1") -> AsyncIterator[AsyncClient]:
    """A client whose requests arrive from socket peer `address`."""
    transport = ASGITransport(app=app, client=(address, 50000))
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def login(client: AsyncClient, email: str, **kwargs: Any) -> Response:
    return await client.post(
        "/api/v1/auth/login", json={"email": email, "password": WRONG_PASSWORD}, **kwargs
    )


async def token(client: AsyncClient, email: str) -> Response:
    return await client.post(
        "/api/v1/auth/token", data={"username": email, "password": WRONG_PASSWORD}
    )


@contextmanager
def recorded_sql(app: FastAPI) -> Iterator[list[str]]:
    """Every statement `app` sends to its database while the block runs, BEGIN included."""
    database = app.state.database
    engines = {database.engine.sync_engine, database.read_engine.sync_engine}
    statements: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    def record_begin(_connection: Any) -> None:
        statements.append("BEGIN")

    hooks: dict[str, Callable[..., None]] = {
        "before_cursor_execute": record,
        "begin": record_begin,
    }
    listeners = [(engine, name, hook) for engine in engines for name, hook in hooks.items()]
    for engine, name, hook in listeners:
        event.listen(engine, name, hook)
    try:
        yield statements
    finally:
        for engine, name, hook in listeners:
            event.remove(engine, name, hook)


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
