"""GET and PATCH /auth/me, and the anonymous case of every signed-in auth endpoint."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import DEFAULT_PASSWORD, AccountFactory
from tests.helpers.auth import AUTH, ME, me
from tests.helpers.problems import (
    assert_active_user_account,
    assert_unauthorized,
    assert_validation_error,
)

SIGNED_IN_CALLS = [
    pytest.param("GET", ME, None, id="me-get"),
    pytest.param("PATCH", ME, {"full_name": "Renamed"}, id="me-patch"),
    pytest.param("DELETE", ME, None, id="me-delete"),
    pytest.param(
        "POST",
        f"{AUTH}/change-password",
        {"current_password": DEFAULT_PASSWORD, "new_password": "another password"},
        id="change-password",
    ),
    pytest.param("POST", f"{AUTH}/logout", {"refresh_token": "x"}, id="logout"),
]


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-header"),
        pytest.param({"Authorization": "Bearer not-a-token"}, id="garbage"),
        pytest.param({"Authorization": "Basic dXNlcjpwYXNz"}, id="basic"),
    ],
)
@pytest.mark.parametrize(("method", "path", "body"), SIGNED_IN_CALLS)
async def test_anonymous_is_unauthorized(
    client: AsyncClient,
    users: AccountFactory,
    headers: dict[str, str],
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    user = await users.create()

    response = await client.request(method, path, headers=headers, json=body)

    assert_unauthorized(response)
    # Nothing happened to the account.
    current = await me(client, user.access_token)
    assert current.status_code == 200, current.text
    assert current.json()["full_name"] == user.full_name


async def test_refresh_token_is_not_an_access_token(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()

    assert_unauthorized(await me(client, user.refresh_token))


async def test_me_returns_the_callers_account(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create(full_name="Margaret Hamilton")
    await users.create()

    response = await me(client, user.access_token)

    assert response.status_code == 200, response.text
    assert_active_user_account(response.json(), user, "Margaret Hamilton")


async def test_admin_sees_their_role(client: AsyncClient, users: AccountFactory) -> None:
    admin = await users.admin()

    response = await me(client, admin.access_token)

    assert response.status_code == 200, response.text
    assert response.json()["role"] == "admin"


async def test_patch_me_changes_the_name(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()
    before = (await me(client, user.access_token)).json()

    response = await client.patch(ME, headers=user.headers, json={"full_name": "  Katherine  "})

    assert response.status_code == 200, response.text
    after = response.json()
    assert after["full_name"] == "Katherine"
    assert {k: v for k, v in after.items() if k not in {"full_name", "updated_at"}} == {
        k: v for k, v in before.items() if k not in {"full_name", "updated_at"}
    }
    assert (await me(client, user.access_token)).json()["full_name"] == "Katherine"


async def test_empty_patch_changes_nothing(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()

    response = await client.patch(ME, headers=user.headers, json={})

    assert response.status_code == 200, response.text
    assert response.json()["full_name"] == user.full_name


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param({"full_name": "   "}, id="blank-after-trim"),
        pytest.param({"full_name": ""}, id="empty"),
        pytest.param({"full_name": None}, id="null"),
        pytest.param({"full_name": "x" * 101}, id="101-chars"),
        pytest.param({"full_name": 7}, id="number"),
        pytest.param({"role": "admin"}, id="role"),
        pytest.param({"full_name": "Ok", "role": "admin"}, id="role-with-name"),
        pytest.param({"is_active": False}, id="is-active"),
        pytest.param({"email": "new@example.com"}, id="email"),
        pytest.param({"id": "7c1b5f8e-1111-4111-8111-111111111111"}, id="id"),
        pytest.param({"password": "Pw-Marker-patch"}, id="password"),
        pytest.param({"hashed_password": "x"}, id="hashed-password"),
        pytest.param({"created_at": "2020-01-01T00:00:00+00:00"}, id="created-at"),
    ],
)
async def test_invalid_patch_is_rejected_and_changes_nothing(
    client: AsyncClient, users: AccountFactory, sent: dict[str, Any]
) -> None:
    user = await users.create()
    before = (await me(client, user.access_token)).json()

    response = await client.patch(ME, headers=user.headers, json=sent)

    assert_validation_error(response, secret="Pw-Marker-patch")
    assert (await me(client, user.access_token)).json() == before


async def test_patch_me_with_malformed_json_is_a_validation_error(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()

    response = await client.patch(
        ME,
        headers={**user.headers, "Content-Type": "application/json"},
        content=b'{"full_name": ',
    )

    assert_validation_error(response)
