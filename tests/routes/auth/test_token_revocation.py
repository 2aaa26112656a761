"""Password change, account deletion and deactivation end every token of the user at once."""

from typing import Any

from httpx import AsyncClient

from tests.helpers.accounts import DEFAULT_PASSWORD, Account, AccountFactory
from tests.helpers.auth import AUTH, change_password, login, me, refresh, try_login
from tests.helpers.problems import assert_unauthorized

NEW_PASSWORD = "a brand new password"


async def set_active(client: AsyncClient, admin: Account, user: Account, *, active: bool) -> None:
    response = await client.patch(
        f"/api/v1/users/{user.id}", headers=admin.headers, json={"is_active": active}
    )
    assert response.status_code == 200, response.text
    assert response.json()["is_active"] is active


async def assert_all_dead(client: AsyncClient, *pairs: dict[str, Any]) -> None:
    for pair in pairs:
        assert_unauthorized(await me(client, pair["access_token"]))
        assert_unauthorized(await refresh(client, pair["refresh_token"]))


def pair_of(user: Account) -> dict[str, Any]:
    return {"access_token": user.access_token, "refresh_token": user.refresh_token}


async def test_password_change_ends_every_login(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()
    second_login = await login(client, user.email)
    bystander = await users.create()

    response = await change_password(client, user.access_token, DEFAULT_PASSWORD, NEW_PASSWORD)

    assert response.status_code == 204, response.text
    await assert_all_dead(client, pair_of(user), second_login)
    assert (await me(client, bystander.access_token)).status_code == 200
    assert (await refresh(client, bystander.refresh_token)).status_code == 200


async def test_token_issued_right_after_a_password_change_works(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    changed = await change_password(client, user.access_token, DEFAULT_PASSWORD, NEW_PASSWORD)
    assert changed.status_code == 204, changed.text

    # No sleep: the new login usually falls within the same second as the change.
    pair = await login(client, user.email, NEW_PASSWORD)

    assert (await me(client, pair["access_token"])).status_code == 200
    rotated = await refresh(client, pair["refresh_token"])
    assert rotated.status_code == 200, rotated.text
    assert (await me(client, rotated.json()["access_token"])).status_code == 200
    assert_unauthorized(await try_login(client, user.email, DEFAULT_PASSWORD))


async def test_second_password_change_ends_the_login_made_after_the_first(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    await change_password(client, user.access_token, DEFAULT_PASSWORD, NEW_PASSWORD)
    pair = await login(client, user.email, NEW_PASSWORD)

    second = await change_password(client, pair["access_token"], NEW_PASSWORD, DEFAULT_PASSWORD)

    assert second.status_code == 204, second.text
    await assert_all_dead(client, pair)
    await login(client, user.email, DEFAULT_PASSWORD)


async def test_account_deletion_ends_every_login(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    second_login = await login(client, user.email)

    response = await client.delete(f"{AUTH}/me", headers=user.headers)

    assert response.status_code == 204, response.text
    await assert_all_dead(client, pair_of(user), second_login)
    assert_unauthorized(await try_login(client, user.email, DEFAULT_PASSWORD))


async def test_deactivation_ends_every_login(client: AsyncClient, users: AccountFactory) -> None:
    admin = await users.admin()
    user = await users.create()
    second_login = await login(client, user.email)

    await set_active(client, admin, user, active=False)

    await assert_all_dead(client, pair_of(user), second_login)
    assert_unauthorized(await try_login(client, user.email, DEFAULT_PASSWORD))
    assert (await me(client, admin.access_token)).status_code == 200


async def test_reactivation_does_not_revive_old_tokens(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin = await users.admin()
    user = await users.create()
    await set_active(client, admin, user, active=False)

    await set_active(client, admin, user, active=True)

    await assert_all_dead(client, pair_of(user))
    pair = await login(client, user.email)
    assert (await me(client, pair["access_token"])).status_code == 200
