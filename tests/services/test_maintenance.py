"""purge-deleted removes old soft-deleted rows for good and leaves everything else alone."""

import asyncio

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select

import manage
from config import Settings
from database.models import Experience, Profile, RefreshToken, User
from services.maintenance import purge_deleted, soft_deletable_models
from tests.helpers.accounts import AccountFactory


async def count(app: FastAPI, model: type[object]) -> int:
    async with app.state.database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def test_children_are_purged_before_parents() -> None:
    order = [model.__tablename__ for model in soft_deletable_models()]
    assert order.index("experiences") < order.index("profiles") < order.index("users")


async def test_purge_removes_only_rows_deleted_long_enough_ago(
    app: FastAPI, client: AsyncClient, users: AccountFactory
) -> None:
    leaving, staying = await users.create(), await users.create()
    for person in (leaving, staying):
        await client.put("/api/v1/profile", json={}, headers=person.headers)
        await client.post(
            "/api/v1/profile/experiences",
            json={"title": "Dev", "company": "Acme", "start_date": "2021-03-01"},
            headers=person.headers,
        )
    assert (await client.delete("/api/v1/auth/me", headers=leaving.headers)).status_code == 204

    async with app.state.database.session() as session:
        kept = await purge_deleted(session, older_than_days=30)
        await session.commit()
    assert set(kept.values()) == {0}
    assert await count(app, User) == 2

    async with app.state.database.session() as session:
        purged = await purge_deleted(session, older_than_days=0)
        await session.commit()
    assert purged["users"] == 1
    assert purged["profiles"] == 1
    assert purged["experiences"] == 1
    assert await count(app, User) == 1
    assert await count(app, Profile) == 1
    assert await count(app, Experience) == 1
    assert await count(app, RefreshToken) == 1
    me = await client.get("/api/v1/profile", headers=staying.headers)
    assert me.status_code == 200


async def test_purge_command_reports_success(
    app: FastAPI, client: AsyncClient, users: AccountFactory, settings: Settings
) -> None:
    gone = await users.create()
    assert (await client.delete("/api/v1/auth/me", headers=gone.headers)).status_code == 204
    assert await asyncio.to_thread(manage.purge_deleted, settings, 0) == 0
    assert await count(app, User) == 0
    with pytest.raises(SystemExit):
        manage.parse_args(["purge-deleted", "--older-than", "-1"])
