"""PATCH /users/{id}: what an admin may change, and what the change does to the account."""

from typing import Any

import pytest
from httpx import AsyncClient, Response

from tests.helpers.accounts import Account, AccountFactory

USERS = "/api/v1/users"


async def patch(client: AsyncClient, admin: Account, target: Account, body: Any) -> Response:
    return await client.patch(f"{USERS}/{target.id}", json=body, headers=admin.headers)


async def read(client: AsyncClient, admin: Account, target: Account) -> dict[str, Any]:
    response = await client.get(f"{USERS}/{target.id}", headers=admin.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def login(client: AsyncClient, user: Account) -> Response:
    return await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": user.password}
    )


async def test_admin_changes_name_role_and_active_flag(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin, target = await users.admin(), await users.create()
    before = await read(client, admin, target)

    response = await patch(
        client, admin, target, {"full_name": "  New Name  ", "role": "admin", "is_active": False}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["full_name"] == "New Name"
    assert body["role"] == "admin"
    assert body["is_active"] is False
    assert body["email"] == target.email
    assert body["id"] == str(target.id)
    assert body["created_at"] == before["created_at"]
    assert await read(client, admin, target) == body


async def test_fields_left_out_are_kept(client: AsyncClient, users: AccountFactory) -> None:
    admin, target = await users.admin(), await users.create()
    before = await read(client, admin, target)
    response = await patch(client, admin, target, {"full_name": "Only Name"})
    assert response.status_code == 200, response.text
    after = await read(client, admin, target)
    assert after["full_name"] == "Only Name"
    assert (after["role"], after["is_active"]) == (before["role"], before["is_active"])


@pytest.mark.parametrize(
    "body",
    [
        {"email": "changed@example.com"},
        {"id": "00000000-0000-0000-0000-000000000000"},
        {"created_at": "2020-01-01T00:00:00+00:00"},
        {"updated_at": "2020-01-01T00:00:00+00:00"},
        {"deleted_at": "2020-01-01T00:00:00+00:00"},
        {"hashed_password": "x"},
        {"password": "a-new-password"},
        {"token_version": 0},
        {"nickname": "Al"},
        {"full_name": "Valid Name", "email": "changed@example.com"},
        {"full_name": "Valid Name", "unknown": 1},
        {"full_name": None},
        {"role": None},
        {"is_active": None},
        {"full_name": ""},
        {"full_name": "   "},
        {"full_name": "x" * 101},
        {"full_name": 42},
        {"role": "superuser"},
        {"role": "ADMIN"},
        {"is_active": "maybe"},
        {"is_active": [True]},
    ],
    ids=lambda body: ",".join(body)[:40],
)
async def test_invalid_bodies_are_unprocessable_and_change_nothing(
    client: AsyncClient, users: AccountFactory, body: dict[str, Any]
) -> None:
    admin, target = await users.admin(), await users.create()
    before = await read(client, admin, target)
    response = await patch(client, admin, target, body)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_error"
    assert await read(client, admin, target) == before
    assert (await client.get("/api/v1/auth/me", headers=target.headers)).status_code == 200


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'"text"', b"null"])
async def test_non_object_bodies_are_unprocessable(
    client: AsyncClient, users: AccountFactory, content: bytes
) -> None:
    admin, target = await users.admin(), await users.create()
    response = await client.patch(
        f"{USERS}/{target.id}",
        content=content,
        headers={**admin.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text


@pytest.mark.parametrize(
    "body",
    [{"role": "user"}, {"is_active": False}, {"role": "user", "is_active": False}],
    ids=str,
)
async def test_admin_cannot_demote_or_deactivate_themselves(
    client: AsyncClient, users: AccountFactory, body: dict[str, Any]
) -> None:
    admin = await users.admin()
    before = await read(client, admin, admin)
    response = await patch(client, admin, admin, {**body, "full_name": "Sneaky Rename"})
    assert response.status_code == 409, response.text
    assert response.json()["code"] == "conflict"
    assert await read(client, admin, admin) == before
    assert (await client.get(USERS, headers=admin.headers)).status_code == 200


async def test_admin_may_edit_themselves_harmlessly(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin = await users.admin()
    response = await patch(
        client, admin, admin, {"full_name": "Chief", "role": "admin", "is_active": True}
    )
    assert response.status_code == 200, response.text
    assert response.json()["full_name"] == "Chief"
    assert (await client.get(USERS, headers=admin.headers)).status_code == 200


async def test_admin_may_demote_another_admin(client: AsyncClient, users: AccountFactory) -> None:
    admin, other = await users.admin(), await users.admin()
    assert (await client.get(USERS, headers=other.headers)).status_code == 200
    response = await patch(client, admin, other, {"role": "user"})
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "user"
    refused = await client.get(USERS, headers=other.headers)
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"


async def test_promoted_user_gains_access_to_users(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin, target = await users.admin(), await users.create()
    assert (await client.get(USERS, headers=target.headers)).status_code == 403
    response = await patch(client, admin, target, {"role": "admin"})
    assert response.status_code == 200, response.text
    listing = await client.get(USERS, headers=target.headers)
    assert listing.status_code == 200, listing.text
    assert listing.json()["total"] == 2
    me = await client.get("/api/v1/auth/me", headers=target.headers)
    assert me.json()["role"] == "admin"


async def test_deactivation_ends_every_session_and_login(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin, target = await users.admin(), await users.create()
    assert (await client.get("/api/v1/auth/me", headers=target.headers)).status_code == 200

    response = await patch(client, admin, target, {"is_active": False})
    assert response.status_code == 200, response.text

    me = await client.get("/api/v1/auth/me", headers=target.headers)
    assert me.status_code == 401
    assert me.json()["code"] == "unauthorized"
    assert me.headers["www-authenticate"].startswith("Bearer")

    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": target.refresh_token}
    )
    assert refreshed.status_code == 401, refreshed.text
    assert "access_token" not in refreshed.text

    logged_in = await login(client, target)
    assert logged_in.status_code == 401, logged_in.text
    assert logged_in.json()["code"] == "unauthorized"

    # Still listed (deactivated is not deleted), flagged inactive.
    assert (await read(client, admin, target))["is_active"] is False


async def test_deactivated_admin_loses_access_at_once(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin, other = await users.admin(), await users.admin()
    response = await patch(client, admin, other, {"is_active": False})
    assert response.status_code == 200, response.text
    refused = await client.get(USERS, headers=other.headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthorized"


async def test_reactivation_allows_login_but_not_old_tokens(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin, target = await users.admin(), await users.create()
    assert (await patch(client, admin, target, {"is_active": False})).status_code == 200
    response = await patch(client, admin, target, {"is_active": True})
    assert response.status_code == 200, response.text
    assert response.json()["is_active"] is True

    logged_in = await login(client, target)
    assert logged_in.status_code == 200, logged_in.text
    fresh = {"Authorization": f"Bearer {logged_in.json()['access_token']}"}
    me = await client.get("/api/v1/auth/me", headers=fresh)
    assert me.status_code == 200, me.text
    assert me.json()["id"] == str(target.id)

    # Deactivation ended the old sessions for good.
    assert (await client.get("/api/v1/auth/me", headers=target.headers)).status_code == 401
    stale = await client.post("/api/v1/auth/refresh", json={"refresh_token": target.refresh_token})
    assert stale.status_code == 401


async def test_other_fields_leave_sessions_alone(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin, target = await users.admin(), await users.create()
    assert (await patch(client, admin, target, {"full_name": "Kept Session"})).status_code == 200
    assert (await patch(client, admin, target, {"is_active": True})).status_code == 200
    me = await client.get("/api/v1/auth/me", headers=target.headers)
    assert me.status_code == 200, me.text
    assert me.json()["full_name"] == "Kept Session"
