"""`python -m manage worker` and `python -m manage outbox` against the test database."""

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import update

from database.models import OutboxMessage, OutboxStatus
from tests.conftest import ROOT
from tests.helpers.accounts import AccountFactory
from tests.helpers.manage import run_manage
from tests.helpers.outbox import outbox_rows, request_reset


async def statuses(app: FastAPI) -> list[OutboxStatus]:
    return [row.status for row in await outbox_rows(app)]


async def test_purge_deleted_removes_finished_messages_only(
    app: FastAPI, client: AsyncClient, users: AccountFactory, manage_env: Path
) -> None:
    await request_reset(client, (await users.create()).email)
    assert await run_manage("worker", "--once") == 0
    assert await statuses(app) == [OutboxStatus.SENT]
    await request_reset(client, "waiting@example.com")
    assert await run_manage("purge-deleted", "--older-than", "1") == 0
    assert len(await outbox_rows(app)) == 2
    assert await run_manage("purge-deleted", "--older-than", "0") == 0
    assert await statuses(app) == [OutboxStatus.PENDING]


async def test_outbox_lists_pending_and_dead_messages_and_retries_the_dead(
    app: FastAPI,
    client: AsyncClient,
    manage_env: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await run_manage("outbox") == 0
    assert "No pending or dead messages." in capsys.readouterr().out
    await request_reset(client, "first@example.com")
    await request_reset(client, "second@example.com")
    async with app.state.database.session() as session:
        dead = {"status": OutboxStatus.DEAD, "attempts": 8, "last_error": "provider answered 503"}
        first = (await outbox_rows(app))[0]
        await session.execute(
            update(OutboxMessage).where(OutboxMessage.id == first.id).values(dead)
        )
        await session.commit()

    assert await run_manage("outbox") == 0
    listed = capsys.readouterr().out
    assert "dead" in listed and "pending" in listed
    assert "last error: provider answered 503" in listed

    assert await run_manage("outbox", "--retry-dead") == 0
    assert "1 dead message(s) queued again." in capsys.readouterr().out
    rows = await outbox_rows(app)
    assert [(row.status, row.attempts) for row in rows] == [(OutboxStatus.PENDING, 0)] * 2


async def test_the_worker_process_delivers_and_stops_on_sigterm(
    app: FastAPI, client: AsyncClient, users: AccountFactory, manage_env: Path
) -> None:
    await request_reset(client, (await users.create()).email)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "manage",
        "worker",
        cwd=ROOT,
        env=os.environ | {"OUTBOX_POLL_SECONDS": "0.05"},
    )
    try:
        for _ in range(600):  # bounded: start-up and one poll, well under a minute
            if await statuses(app) == [OutboxStatus.SENT]:
                break
            await asyncio.sleep(0.05)
        assert await statuses(app) == [OutboxStatus.SENT]
    finally:
        process.send_signal(signal.SIGTERM)
        assert await process.wait() == 0
