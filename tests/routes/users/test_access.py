"""Admin-only /users: who may call it, and which accounts it can see."""

import uuid
from typing import Any

import pytest
from httpx import AsyncClient, Response

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.problems import assert_active_user_account

USERS = "/api/v1/users"
PROBLEM_JSON = "application/problem+json"


async def call(
    client: AsyncClient,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    json: dict[str, Any] | None = None,
) -> Response:
    return await client.request(method, path, headers=headers, json=json)


def assert_problem(response: Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert response.json()["code"] == code


ONE_USER_CALLS = [
    pytest.param("GET", None, id="get"),
    pytest.param("PATCH", {"full_name": "Renamed"}, id="patch"),
]


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(None, id="no-header"),
        pytest.param({"Authorization": "Bearer not-a-token"}, id="garbage-token"),
        pytest.param({"Authorization": "Basic dXNlcjpwYXNz"}, id="basic-scheme"),
    ],
)
@pytest.mark.parametrize(
    ("method", "one_user", "body"),
    [
        pytest.param("GET", False, None, id="list"),
        pytest.param("GET", True, None, id="get"),
        pytest.param("PATCH", True, {"full_name": "Renamed"}, id="patch"),
    ],
)
async def test_anonymous_is_unauthorized(
    client: AsyncClient,
    users: AccountFactory,
    method: str,
    one_user: bool,
    body: dict[str, Any] | None,
    headers: dict[str, str] | None,
) -> None:
    target = await users.create()
    path = f"{USERS}/{target.id}" if one_user else USERS
    response = await call(client, method, path, headers=headers, json=body)
    assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("method", "path_of", "body"),
    [
        pytest.param("GET", "list", None, id="list"),
        *(
            pytest.param(method, path_of, body, id=f"{method.lower()}-{path_of}")
            for method, body in (("GET", None), ("PATCH", {"full_name": "Renamed"}))
            for path_of in ("own", "other", "unknown")
        ),
    ],
)
async def test_non_admin_is_forbidden(
    client: AsyncClient,
    users: AccountFactory,
    method: str,
    path_of: str,
    body: dict[str, Any] | None,
) -> None:
    caller, other = await users.create(), await users.create()
    paths = {
        "list": USERS,
        "own": f"{USERS}/{caller.id}",
        "other": f"{USERS}/{other.id}",
        "unknown": f"{USERS}/{uuid.uuid4()}",
    }
    response = await call(client, method, paths[path_of], headers=caller.headers, json=body)
    assert_problem(response, 403, "forbidden")
    # Nothing changed behind the refusal.
    admin = await users.admin()
    seen = await client.get(f"{USERS}/{other.id}", headers=admin.headers)
    assert seen.json()["full_name"] == other.full_name


async def test_non_admin_cannot_promote_themselves(
    client: AsyncClient, users: AccountFactory
) -> None:
    caller = await users.create()
    response = await client.patch(
        f"{USERS}/{caller.id}", json={"role": "admin"}, headers=caller.headers
    )
    assert_problem(response, 403, "forbidden")
    me = await client.get("/api/v1/auth/me", headers=caller.headers)
    assert me.json()["role"] == "user"
    still = await client.get(USERS, headers=caller.headers)
    assert_problem(still, 403, "forbidden")


async def test_admin_reads_one_user(client: AsyncClient, users: AccountFactory) -> None:
    admin = await users.admin()
    target = await users.create(full_name="Grace Hopper")
    response = await client.get(f"{USERS}/{target.id}", headers=admin.headers)
    assert response.status_code == 200, response.text
    assert_active_user_account(response.json(), target, "Grace Hopper")


async def test_admin_sees_inactive_user(client: AsyncClient, users: AccountFactory) -> None:
    admin = await users.admin()
    target = await users.create(is_active=False)
    response = await client.get(f"{USERS}/{target.id}", headers=admin.headers)
    assert response.status_code == 200, response.text
    assert response.json()["is_active"] is False


@pytest.mark.parametrize(("method", "body"), ONE_USER_CALLS)
async def test_unknown_user_is_not_found(
    client: AsyncClient, users: AccountFactory, method: str, body: dict[str, Any] | None
) -> None:
    admin = await users.admin()
    response = await call(
        client, method, f"{USERS}/{uuid.uuid4()}", headers=admin.headers, json=body
    )
    assert_problem(response, 404, "not_found")


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g"])
@pytest.mark.parametrize(("method", "body"), ONE_USER_CALLS)
async def test_malformed_id_is_unprocessable(
    client: AsyncClient,
    users: AccountFactory,
    method: str,
    body: dict[str, Any] | None,
    bad_id: str,
) -> None:
    admin = await users.admin()
    response = await call(client, method, f"{USERS}/{bad_id}", headers=admin.headers, json=body)
    assert_problem(response, 422, "validation_error")
    assert response.json()["errors"][0]["loc"] == ["path", "user_id"]


async def delete_account(client: AsyncClient, user: Account) -> None:
    response = await client.delete("/api/v1/auth/me", headers=user.headers)
    assert response.status_code == 204, response.text


@pytest.mark.parametrize(("method", "body"), ONE_USER_CALLS)
async def test_deleted_user_is_not_found(
    client: AsyncClient, users: AccountFactory, method: str, body: dict[str, Any] | None
) -> None:
    admin = await users.admin()
    gone = await users.create()
    await delete_account(client, gone)
    response = await call(client, method, f"{USERS}/{gone.id}", headers=admin.headers, json=body)
    assert_problem(response, 404, "not_found")


async def test_deleted_user_is_absent_from_list_and_count(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin = await users.admin()
    kept = await users.create()
    gone = await users.create(email="gone@example.com", full_name="Gone Away")
    await delete_account(client, gone)

    listing = await client.get(USERS, headers=admin.headers)
    assert listing.status_code == 200, listing.text
    ids = {item["id"] for item in listing.json()["items"]}
    assert ids == {str(admin.id), str(kept.id)}
    assert listing.json()["total"] == 2

    for query in ({"q": "gone"}, {"is_active": "true"}, {"is_active": "false"}, {"role": "user"}):
        filtered = await client.get(USERS, params=query, headers=admin.headers)
        assert str(gone.id) not in {item["id"] for item in filtered.json()["items"]}


async def test_deleted_users_email_registered_again_is_a_new_account(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin = await users.admin()
    gone = await users.create(email="again@example.com")
    await delete_account(client, gone)
    registered = await client.post(
        "/api/v1/auth/register",
        json={"email": "again@example.com", "password": "password123", "full_name": "Again"},
    )
    assert registered.status_code == 201, registered.text

    listing = await client.get(USERS, params={"q": "again@"}, headers=admin.headers)
    assert listing.json()["total"] == 1
    assert [item["id"] for item in listing.json()["items"]] == [registered.json()["id"]]
    old = await client.get(f"{USERS}/{gone.id}", headers=admin.headers)
    assert_problem(old, 404, "not_found")


async def test_deleted_admin_token_no_longer_works(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin = await users.admin()
    await delete_account(client, admin)
    response = await client.get(USERS, headers=admin.headers)
    assert_problem(response, 401, "unauthorized")
