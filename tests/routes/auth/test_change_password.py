"""POST /auth/change-password: the current password is checked, the new one takes over."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import DEFAULT_PASSWORD, AccountFactory
from tests.helpers.auth import (
    AUTH,
    CHANGE_PASSWORD,
    change_password,
    form_login,
    login,
    me,
    refresh,
    try_login,
)
from tests.helpers.problems import assert_problem, assert_unauthorized, assert_validation_error

NEW_PASSWORD = "Pw-Marker-new-password"


async def test_wrong_current_password_is_a_bad_request(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()

    response = await change_password(client, user.access_token, "Pw-Marker-wrong", NEW_PASSWORD)

    body = assert_problem(response, 400, "bad_request")
    assert "Pw-Marker" not in response.text
    assert body["detail"]
    # Nothing changed: the old password and every token still work.
    assert (await me(client, user.access_token)).status_code == 200
    assert (await refresh(client, user.refresh_token)).status_code == 200
    assert_unauthorized(await try_login(client, user.email, NEW_PASSWORD))
    await login(client, user.email, DEFAULT_PASSWORD)


async def test_change_password_swaps_the_password(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()

    response = await change_password(client, user.access_token, DEFAULT_PASSWORD, NEW_PASSWORD)

    assert response.status_code == 204, response.text
    assert response.content == b""
    assert_unauthorized(await me(client, user.access_token))
    assert_unauthorized(await refresh(client, user.refresh_token))
    assert_unauthorized(await try_login(client, user.email, DEFAULT_PASSWORD))
    pair = await login(client, user.email, NEW_PASSWORD)
    assert (await me(client, pair["access_token"])).status_code == 200
    form = await form_login(client, user.email, NEW_PASSWORD)
    assert form.status_code == 200, form.text


async def test_new_password_is_not_trimmed(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()
    spaced = "  spaced new password  "

    response = await change_password(client, user.access_token, DEFAULT_PASSWORD, spaced)

    assert response.status_code == 204, response.text
    assert (await form_login(client, user.email, spaced)).status_code == 200
    assert (await form_login(client, user.email, spaced.strip())).status_code == 401


async def test_current_password_is_not_trimmed(client: AsyncClient) -> None:
    spaced = "  spaced old password  "
    registered = await client.post(
        f"{AUTH}/register",
        json={"email": "spaced@example.com", "password": spaced, "full_name": "Spaced"},
    )
    assert registered.status_code == 201, registered.text
    form = await form_login(client, "spaced@example.com", spaced)
    assert form.status_code == 200, form.text

    response = await change_password(client, form.json()["access_token"], spaced, NEW_PASSWORD)

    assert response.status_code == 204, response.text


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param({"current_password": DEFAULT_PASSWORD, "new_password": "Pw-Mk7!"}, id="7"),
        pytest.param(
            {"current_password": DEFAULT_PASSWORD, "new_password": "Pw-Marker-" + "x" * 119},
            id="129",
        ),
        pytest.param({"current_password": DEFAULT_PASSWORD, "new_password": ""}, id="empty"),
        pytest.param({"current_password": DEFAULT_PASSWORD}, id="no-new"),
        pytest.param({"new_password": "Pw-Marker-new"}, id="no-current"),
        pytest.param({"current_password": "", "new_password": "Pw-Marker-new"}, id="empty-current"),
        pytest.param(
            {
                "current_password": DEFAULT_PASSWORD,
                "new_password": "Pw-Marker-new",
                "role": "admin",
            },
            id="unknown-field",
        ),
    ],
)
async def test_invalid_body_is_rejected_and_changes_nothing(
    client: AsyncClient, users: AccountFactory, sent: dict[str, Any]
) -> None:
    user = await users.create()

    response = await client.post(CHANGE_PASSWORD, headers=user.headers, json=sent)

    assert_validation_error(response, secret="Pw-M")
    assert DEFAULT_PASSWORD not in response.text
    assert (await me(client, user.access_token)).status_code == 200
    await login(client, user.email, DEFAULT_PASSWORD)
