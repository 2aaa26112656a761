"""POST /auth/refresh and /auth/logout: rotation, reuse detection per login, revocation."""

import time
import uuid

import pytest
from httpx import AsyncClient
from jose import jwt

from config import Settings
from tests.helpers.accounts import DEFAULT_PASSWORD, AccountFactory
from tests.helpers.auth import (
    AUTH,
    assert_token_pair,
    bearer,
    form_login,
    login,
    me,
    refresh,
    try_login,
)
from tests.helpers.problems import assert_unauthorized, assert_validation_error


async def test_refresh_returns_a_new_working_pair(
    client: AsyncClient, users: AccountFactory, settings: Settings
) -> None:
    user = await users.create()

    response = await refresh(client, user.refresh_token)

    pair = assert_token_pair(response, settings)
    assert pair["refresh_token"] != user.refresh_token
    assert pair["access_token"] != user.access_token
    current = await me(client, pair["access_token"])
    assert current.status_code == 200, current.text
    assert current.json()["id"] == str(user.id)
    assert (await refresh(client, pair["refresh_token"])).status_code == 200


@pytest.mark.parametrize("endpoint", ["login", "token", "refresh"])
async def test_token_responses_are_never_cached(
    client: AsyncClient, users: AccountFactory, endpoint: str
) -> None:
    user = await users.create()
    if endpoint == "login":
        response = await try_login(client, user.email, DEFAULT_PASSWORD)
    elif endpoint == "token":
        response = await form_login(client, user.email, DEFAULT_PASSWORD)
    else:
        response = await refresh(client, user.refresh_token)

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"


async def test_refresh_token_is_spent_by_use(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()
    assert (await refresh(client, user.refresh_token)).status_code == 200

    assert_unauthorized(await refresh(client, user.refresh_token))


async def test_reuse_revokes_only_that_login(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()
    other_login = await login(client, user.email)
    rotated = (await refresh(client, user.refresh_token)).json()

    assert_unauthorized(await refresh(client, user.refresh_token))

    # The token the rotation handed out belongs to the revoked family too.
    assert_unauthorized(await refresh(client, rotated["refresh_token"]))
    # Access tokens already issued live until they expire (SPEC §5).
    assert (await me(client, rotated["access_token"])).status_code == 200
    # The user's other login is untouched.
    survivor = await refresh(client, other_login["refresh_token"])
    assert survivor.status_code == 200, survivor.text
    assert (await refresh(client, survivor.json()["refresh_token"])).status_code == 200


async def test_reuse_of_an_older_token_revokes_the_latest(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    second = (await refresh(client, user.refresh_token)).json()
    third = (await refresh(client, second["refresh_token"])).json()

    assert_unauthorized(await refresh(client, user.refresh_token))

    assert_unauthorized(await refresh(client, third["refresh_token"]))
    # The user can simply log in again.
    fresh = await login(client, user.email)
    assert (await refresh(client, fresh["refresh_token"])).status_code == 200


async def test_reuse_does_not_touch_other_users(client: AsyncClient, users: AccountFactory) -> None:
    victim = await users.create()
    bystander = await users.create()
    await refresh(client, victim.refresh_token)

    assert_unauthorized(await refresh(client, victim.refresh_token))

    assert (await refresh(client, bystander.refresh_token)).status_code == 200


def forged_refresh_token(settings: Settings, user_id: uuid.UUID, *, key: str) -> str:
    now = int(time.time())
    claims = {
        "sub": str(user_id),
        "type": "refresh",
        "ver": 0,
        "iat": now,
        "exp": now + 3600,
        "jti": uuid.uuid4().hex,
        "fam": str(uuid.uuid4()),
    }
    return str(jwt.encode(claims, key, algorithm=settings.jwt_algorithm))


@pytest.mark.parametrize(
    "kind", ["garbage", "access-token", "wrong-key", "never-issued", "jwt-looking", "huge"]
)
async def test_unusable_refresh_token_is_rejected(
    client: AsyncClient, users: AccountFactory, settings: Settings, kind: str
) -> None:
    user = await users.create()
    presented = {
        "garbage": "not-a-token",
        "access-token": user.access_token,
        "wrong-key": forged_refresh_token(settings, user.id, key="x" * 48),
        "never-issued": forged_refresh_token(settings, user.id, key=settings.secret_key),
        "jwt-looking": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
        "huge": "a" * 4096,
    }[kind]

    assert_unauthorized(await refresh(client, presented))

    # A failed attempt never costs the user their real login.
    assert (await refresh(client, user.refresh_token)).status_code == 200


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param({}, id="missing"),
        pytest.param({"refresh_token": ""}, id="empty"),
        pytest.param({"refresh_token": None}, id="null"),
        pytest.param({"refresh_token": 42}, id="number"),
        pytest.param({"refresh_token": "x", "user_id": "y"}, id="unknown-field"),
    ],
)
async def test_malformed_refresh_body_is_a_validation_error(
    client: AsyncClient, sent: dict[str, object]
) -> None:
    response = await client.post(f"{AUTH}/refresh", json=sent)

    assert_validation_error(response)


async def test_logout_revokes_that_login_only(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()
    other_login = await login(client, user.email)

    response = await client.post(
        f"{AUTH}/logout", headers=user.headers, json={"refresh_token": user.refresh_token}
    )

    assert response.status_code == 204, response.text
    assert response.content == b""
    assert_unauthorized(await refresh(client, user.refresh_token))
    assert (await refresh(client, other_login["refresh_token"])).status_code == 200
    # Access tokens already issued live until they expire (SPEC §5).
    assert (await me(client, user.access_token)).status_code == 200


async def test_logout_with_a_spent_token_revokes_its_whole_family(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    rotated = (await refresh(client, user.refresh_token)).json()

    response = await client.post(
        f"{AUTH}/logout",
        headers=bearer(rotated["access_token"]),
        json={"refresh_token": user.refresh_token},
    )

    assert response.status_code == 204, response.text
    assert_unauthorized(await refresh(client, rotated["refresh_token"]))


async def test_logout_cannot_revoke_someone_elses_login(
    client: AsyncClient, users: AccountFactory
) -> None:
    attacker = await users.create()
    victim = await users.create()

    response = await client.post(
        f"{AUTH}/logout", headers=attacker.headers, json={"refresh_token": victim.refresh_token}
    )

    assert response.status_code < 500, response.text
    assert (await refresh(client, victim.refresh_token)).status_code == 200
    assert (await refresh(client, attacker.refresh_token)).status_code == 200


async def test_logout_needs_an_access_token(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()

    response = await client.post(f"{AUTH}/logout", json={"refresh_token": user.refresh_token})

    assert_unauthorized(response)
    assert (await refresh(client, user.refresh_token)).status_code == 200
