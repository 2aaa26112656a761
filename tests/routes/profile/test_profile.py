"""/profile: the caller's own profile, created by PUT, read, patched and replaced."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.problems import assert_not_found, assert_unauthorized, assert_validation_error
from tests.helpers.profiles import (
    PROFILE,
    PROFILE_FIELDS,
    assert_resource,
    get_profile,
    put_profile,
)

FULL_PROFILE: dict[str, Any] = {
    "headline": "Backend engineer",
    "bio": "Builds APIs.",
    "location": "Lisbon",
    "skills": ["python", "sql"],
    "website": "https://example.com/me",
    "visibility": "public",
    "open_to_work": True,
}
DEFAULTS: dict[str, Any] = {
    "headline": None,
    "bio": None,
    "location": None,
    "skills": [],
    "website": None,
    "visibility": "private",
    "open_to_work": False,
}


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
async def test_anonymous_is_401(client: AsyncClient, method: str) -> None:
    response = await client.request(
        method, PROFILE, json={} if method in ("PUT", "PATCH") else None
    )
    assert_unauthorized(response)


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
async def test_garbage_token_is_401(client: AsyncClient, method: str) -> None:
    response = await client.request(
        method, PROFILE, headers={"Authorization": "Bearer not-a-jwt"}, json={}
    )
    assert_unauthorized(response)


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_no_profile_yet_is_404(
    client: AsyncClient, users: AccountFactory, method: str
) -> None:
    user = await users.create()
    response = await client.request(method, PROFILE, headers=user.headers, json={})
    assert_not_found(response)


async def test_another_users_profile_is_invisible(
    client: AsyncClient, users: AccountFactory
) -> None:
    alice, bob = await users.create(), await users.create()
    alices = await put_profile(client, alice, **FULL_PROFILE)

    for method in ("GET", "PATCH", "DELETE"):
        response = await client.request(
            method, PROFILE, headers=bob.headers, json={"headline": "Hacked"}
        )
        assert_not_found(response)

    bobs = await put_profile(client, bob, headline="Bob")
    assert bobs["id"] != alices["id"]
    assert bobs["owner_id"] == str(bob.id)
    assert await get_profile(client, alice) == alices


async def test_put_creates_then_get_returns_it(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()
    response = await client.put(PROFILE, headers=user.headers, json=FULL_PROFILE)
    assert response.status_code == 201, response.text
    body = response.json()
    assert_resource(body, user)
    assert body.keys() >= PROFILE_FIELDS
    assert {field: body[field] for field in FULL_PROFILE} == FULL_PROFILE
    assert await get_profile(client, user) == body


async def test_put_with_empty_body_takes_defaults(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    response = await client.put(PROFILE, headers=user.headers, json={})
    assert response.status_code == 201, response.text
    assert {field: response.json()[field] for field in DEFAULTS} == DEFAULTS


async def test_second_put_replaces_and_resets_omitted_fields(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    created = await put_profile(client, user, **FULL_PROFILE)

    response = await client.put(PROFILE, headers=user.headers, json={"headline": "New"})
    assert response.status_code == 200, response.text
    replaced = response.json()
    assert replaced["id"] == created["id"]
    assert replaced["created_at"] == created["created_at"]
    assert replaced["updated_at"] >= created["updated_at"]
    assert {field: replaced[field] for field in DEFAULTS} == {**DEFAULTS, "headline": "New"}
    assert await get_profile(client, user) == replaced


async def test_patch_changes_only_the_fields_sent(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    created = await put_profile(client, user, **FULL_PROFILE)

    response = await client.patch(
        PROFILE,
        headers=user.headers,
        json={"headline": "  Staff engineer  ", "open_to_work": False},
    )
    assert response.status_code == 200, response.text
    patched = response.json()
    assert patched == {
        **created,
        "headline": "Staff engineer",
        "open_to_work": False,
        "updated_at": patched["updated_at"],
    }
    assert patched["updated_at"] >= created["updated_at"]
    assert await get_profile(client, user) == patched


async def test_patch_with_empty_body_changes_nothing(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    created = await put_profile(client, user, **FULL_PROFILE)
    response = await client.patch(PROFILE, headers=user.headers, json={})
    assert response.status_code == 200, response.text
    assert {field: response.json()[field] for field in FULL_PROFILE} == FULL_PROFILE
    assert (await get_profile(client, user))["id"] == created["id"]


@pytest.mark.parametrize("field", ["headline", "bio", "location", "website"])
async def test_patch_null_clears_a_nullable_field(
    client: AsyncClient, users: AccountFactory, field: str
) -> None:
    user = await users.create()
    await put_profile(client, user, **FULL_PROFILE)
    response = await client.patch(PROFILE, headers=user.headers, json={field: None})
    assert response.status_code == 200, response.text
    assert response.json()[field] is None
    assert (await get_profile(client, user))[field] is None


@pytest.mark.parametrize("field", ["skills", "visibility", "open_to_work"])
async def test_patch_null_on_a_non_nullable_field_is_422(
    client: AsyncClient, users: AccountFactory, field: str
) -> None:
    user = await users.create()
    created = await put_profile(client, user, **FULL_PROFILE)
    response = await client.patch(PROFILE, headers=user.headers, json={field: None})
    assert_validation_error(response, field=field)
    assert await get_profile(client, user) == created


@pytest.mark.parametrize("field", ["skills", "visibility", "open_to_work"])
async def test_put_null_on_a_non_nullable_field_is_422(
    client: AsyncClient, users: AccountFactory, field: str
) -> None:
    user = await users.create()
    response = await client.put(PROFILE, headers=user.headers, json={field: None})
    assert_validation_error(response, field=field)
    assert_not_found(await client.get(PROFILE, headers=user.headers))


async def test_strings_are_trimmed(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()
    body = await put_profile(
        client, user, headline="  Engineer ", bio="\n Bio \t", location=" Porto  "
    )
    assert (body["headline"], body["bio"], body["location"]) == ("Engineer", "Bio", "Porto")


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
async def test_malformed_json_is_422(
    client: AsyncClient, users: AccountFactory, method: str
) -> None:
    user = await users.create()
    await put_profile(client, user)
    response = await client.request(
        method,
        PROFILE,
        headers={**user.headers, "Content-Type": "application/json"},
        content=b'{"headline": ',
    )
    assert_validation_error(response)
