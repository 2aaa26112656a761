"""POST /auth/login (JSON) and /auth/token (OAuth2 form): tokens out, nothing given away."""

import uuid
from typing import Any

import bcrypt
import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import select, update

from config import Settings
from database.engine import Database
from database.models import User
from tests.helpers.accounts import DEFAULT_PASSWORD, AccountFactory
from tests.helpers.auth import (
    AUTH,
    assert_token_pair,
    form_login,
    login,
    me,
    refresh,
    try_login,
)
from tests.helpers.problems import assert_unauthorized, assert_validation_error


async def log_in_with(client: AsyncClient, endpoint: str, email: str, password: str) -> Response:
    if endpoint == "token":
        return await form_login(client, email, password)
    return await try_login(client, email, password)


async def store_password_hash(app: FastAPI, user_id: uuid.UUID, hashed: str) -> None:
    database: Database = app.state.database
    async with database.session() as session:
        await session.execute(update(User).where(User.id == user_id).values(hashed_password=hashed))
        await session.commit()


async def stored_password_hash(app: FastAPI, user_id: uuid.UUID) -> str:
    database: Database = app.state.database
    async with database.session() as session:
        hashed = await session.scalar(select(User.hashed_password).where(User.id == user_id))
    assert hashed is not None
    return hashed


def comparable(response: Response) -> dict[str, Any]:
    """The parts of a 401 that must not differ between reasons (ids and paths aside)."""
    body: dict[str, Any] = response.json()
    body.pop("request_id")
    body.pop("instance")
    return {
        "status": response.status_code,
        "body": body,
        "www-authenticate": response.headers.get("www-authenticate"),
        "content-type": response.headers.get("content-type"),
    }


@pytest.mark.parametrize("endpoint", ["login", "token"])
async def test_login_returns_a_working_token_pair(
    client: AsyncClient, users: AccountFactory, settings: Settings, endpoint: str
) -> None:
    user = await users.create()

    response = await log_in_with(client, endpoint, user.email.upper(), DEFAULT_PASSWORD)

    pair = assert_token_pair(response, settings)
    assert pair["access_token"] != pair["refresh_token"]
    current = await me(client, pair["access_token"])
    assert current.status_code == 200, current.text
    assert current.json()["id"] == str(user.id)
    rotated = await refresh(client, pair["refresh_token"])
    assert rotated.status_code == 200, rotated.text


@pytest.mark.parametrize("endpoint", ["login", "token"])
async def test_failures_look_the_same_whatever_the_reason(
    client: AsyncClient, users: AccountFactory, endpoint: str
) -> None:
    active = await users.create()
    inactive = await users.create(is_active=False)

    unknown_email = await log_in_with(client, endpoint, "nobody@example.com", DEFAULT_PASSWORD)
    wrong_password = await log_in_with(client, endpoint, active.email, "wrong password!")
    deactivated = await log_in_with(client, endpoint, inactive.email, DEFAULT_PASSWORD)

    for response in (unknown_email, wrong_password, deactivated):
        assert_unauthorized(response)
    assert comparable(unknown_email) == comparable(wrong_password)
    assert comparable(deactivated) == comparable(wrong_password)


@pytest.mark.parametrize("endpoint", ["login", "token"])
@pytest.mark.parametrize("length", [129, 1_000, 100_000])
async def test_over_long_password_is_a_plain_401(
    client: AsyncClient, users: AccountFactory, endpoint: str, length: int
) -> None:
    user = await users.create()

    response = await log_in_with(client, endpoint, user.email, "p" * length)

    assert_unauthorized(response)
    assert "p" * 129 not in response.text


@pytest.mark.parametrize("endpoint", ["login", "token"])
@pytest.mark.parametrize(
    "email",
    [
        pytest.param("not-an-email", id="malformed"),
        pytest.param("x" * 300 + "@example.com", id="over-long"),
        pytest.param(" ", id="blank"),
    ],
)
async def test_unusable_email_is_a_plain_401(
    client: AsyncClient, endpoint: str, email: str
) -> None:
    response = await log_in_with(client, endpoint, email, DEFAULT_PASSWORD)

    assert_unauthorized(response)


async def test_deactivated_user_cannot_log_in(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create(is_active=False)

    assert_unauthorized(await try_login(client, user.email, DEFAULT_PASSWORD))
    assert_unauthorized(await form_login(client, user.email, DEFAULT_PASSWORD))


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param({"email": "someone@example.com"}, id="no-password"),
        pytest.param({"password": "Pw-Marker-login"}, id="no-email"),
        pytest.param(
            {"email": "someone@example.com", "password": "Pw-Marker-login", "role": "admin"},
            id="unknown-field",
        ),
    ],
)
async def test_malformed_login_body_is_a_validation_error(
    client: AsyncClient, sent: dict[str, Any]
) -> None:
    response = await client.post(f"{AUTH}/login", json=sent)

    assert_validation_error(response, secret="Pw-Marker-login")


async def test_bcrypt_hash_logs_in_and_is_upgraded_to_argon2id(
    client: AsyncClient, users: AccountFactory, app: FastAPI
) -> None:
    user = await users.create()
    password = "legacy bcrypt password"
    legacy = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
    await store_password_hash(app, user.id, legacy)

    assert_unauthorized(await try_login(client, user.email, "not the legacy password"))
    assert await stored_password_hash(app, user.id) == legacy

    await login(client, user.email, password)

    upgraded = await stored_password_hash(app, user.id)
    assert upgraded.startswith("$argon2id$")
    pair = await login(client, user.email, password)
    assert (await me(client, pair["access_token"])).status_code == 200
    assert_unauthorized(await try_login(client, user.email, "not the legacy password"))


async def test_bcrypt_hash_of_a_password_over_72_bytes_still_logs_in(
    client: AsyncClient, users: AccountFactory, app: FastAPI
) -> None:
    # bcrypt only ever hashed the first 72 bytes; such users must still get in, not a 500.
    user = await users.create()
    password = "long legacy password " * 5
    legacy = bcrypt.hashpw(password.encode()[:72], bcrypt.gensalt(rounds=4)).decode()
    await store_password_hash(app, user.id, legacy)

    await login(client, user.email, password)

    assert (await stored_password_hash(app, user.id)).startswith("$argon2id$")
    await login(client, user.email, password)


async def test_unparseable_stored_hash_is_a_failed_login(
    client: AsyncClient, users: AccountFactory, app: FastAPI
) -> None:
    user = await users.create()
    await store_password_hash(app, user.id, "not-a-hash")

    assert_unauthorized(await try_login(client, user.email, DEFAULT_PASSWORD))


@pytest.mark.parametrize(
    "address",
    ["x@xn--bcher-kva.de", "jose\u0301@example.com", "Jos\u00e9@Example.COM"],
    ids=["punycode-domain", "decomposed-accent", "mixed-case"],
)
async def test_login_normalises_the_email_like_register(client: AsyncClient, address: str) -> None:
    registered = await client.post(
        "/api/v1/auth/register",
        json={"email": address, "password": "password123", "full_name": "Norm"},
    )
    assert registered.status_code == 201, registered.text
    login = await client.post(
        "/api/v1/auth/login", json={"email": address, "password": "password123"}
    )
    assert login.status_code == 200, login.text
