"""DELETE /auth/me: the account and everything it owns disappear; its tokens stop working."""

import uuid

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from database.engine import Database
from database.models import Education, Experience, Profile, User
from tests.helpers.accounts import DEFAULT_PASSWORD, AccountFactory
from tests.helpers.auth import AUTH, ME, form_login, login, me, try_login
from tests.helpers.problems import assert_problem, assert_unauthorized
from tests.helpers.profiles import PROFILE, build_profile


async def live_rows_owned_by(app: FastAPI, owner_id: uuid.UUID) -> dict[str, int]:
    """Rows the owner still has that are not soft-deleted (read straight from the database)."""
    database: Database = app.state.database
    counts: dict[str, int] = {}
    async with database.session(read_only=True) as session:
        for model in (Profile, Experience, Education):
            rows = await session.scalars(
                select(model.id).where(model.owner_id == owner_id, model.deleted_at.is_(None))
            )
            counts[model.__tablename__] = len(rows.all())
    return counts


async def test_delete_me_answers_204_and_signs_the_user_out(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()

    response = await client.delete(ME, headers=user.headers)

    assert response.status_code == 204, response.text
    assert response.content == b""
    assert_unauthorized(await me(client, user.access_token))
    assert_unauthorized(await client.delete(ME, headers=user.headers))
    assert_unauthorized(await try_login(client, user.email, DEFAULT_PASSWORD))
    assert_unauthorized(await form_login(client, user.email, DEFAULT_PASSWORD))


async def test_delete_me_soft_deletes_everything_owned(
    client: AsyncClient, users: AccountFactory, app: FastAPI
) -> None:
    user = await users.create()
    bystander = await users.create()
    await build_profile(client, user)
    await build_profile(client, bystander)
    owned = {"profiles": 1, "experiences": 1, "educations": 1}
    assert await live_rows_owned_by(app, user.id) == owned

    response = await client.delete(ME, headers=user.headers)

    assert response.status_code == 204, response.text
    assert await live_rows_owned_by(app, user.id) == dict.fromkeys(owned, 0)
    assert await live_rows_owned_by(app, bystander.id) == owned
    assert (await client.get(PROFILE, headers=bystander.headers)).status_code == 200


async def test_deleted_account_is_kept_as_a_soft_deleted_row(
    client: AsyncClient, users: AccountFactory, app: FastAPI
) -> None:
    user = await users.create()

    await client.delete(ME, headers=user.headers)

    database: Database = app.state.database
    async with database.session(read_only=True) as session:
        deleted_at = await session.scalar(select(User.deleted_at).where(User.id == user.id))
    assert deleted_at is not None


async def test_deleted_account_is_gone_for_admins(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin = await users.admin()
    user = await users.create()

    await client.delete(ME, headers=user.headers)

    assert_problem(
        await client.get(f"/api/v1/users/{user.id}", headers=admin.headers), 404, "not_found"
    )
    listed = await client.get("/api/v1/users", headers=admin.headers, params={"q": user.email})
    assert listed.status_code == 200, listed.text
    assert listed.json()["total"] == 0


async def test_new_account_on_a_deleted_email_starts_empty(
    client: AsyncClient, users: AccountFactory
) -> None:
    old = await users.create()
    await build_profile(client, old)
    await client.delete(ME, headers=old.headers)
    registered = await client.post(
        f"{AUTH}/register",
        json={"email": old.email, "password": "fresh password", "full_name": "Fresh"},
    )
    assert registered.status_code == 201, registered.text

    pair = await login(client, old.email, "fresh password")

    response = await client.get(
        PROFILE, headers={"Authorization": f"Bearer {pair['access_token']}"}
    )
    assert_problem(response, 404, "not_found")
    assert_unauthorized(await me(client, old.access_token))
