"""/profile/experiences and /profile/educations: who may reach which entry.

Both kinds of entry share one implementation, so every case here runs for each of them. The
fields particular to each kind are tested in `test_experiences.py` and `test_educations.py`.
"""

import uuid

import pytest
from httpx import AsyncClient

from tests.factories import UserFactory
from tests.routes.profile_helpers import (
    ENTRY_KIND_IDS,
    ENTRY_KINDS,
    FORBIDDEN_VALUES,
    SERVER_FIELDS,
    EntryKind,
    assert_invalid,
    assert_not_found,
    assert_resource,
    assert_unauthorized,
    create_entry,
    get_entry,
    list_entries,
    put_profile,
)

UNKNOWN_ID = str(uuid.uuid4())
# (method, path suffix) of every entry endpoint; "{id}" is an entry id.
ENDPOINTS = [("GET", ""), ("POST", ""), ("GET", "/{id}"), ("PATCH", "/{id}"), ("DELETE", "/{id}")]
ENDPOINT_IDS = [f"{method} {suffix or '/'}" for method, suffix in ENDPOINTS]
ITEM_METHODS = ["GET", "PATCH", "DELETE"]

by_kind = pytest.mark.parametrize("kind", ENTRY_KINDS, ids=ENTRY_KIND_IDS)


@by_kind
@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS, ids=ENDPOINT_IDS)
async def test_anonymous_is_401(
    client: AsyncClient, users: UserFactory, kind: EntryKind, method: str, suffix: str
) -> None:
    owner = await users.create()
    await put_profile(client, owner)
    entry = await create_entry(client, owner, kind)
    path = kind.path + suffix.format(id=entry["id"])

    assert_unauthorized(await client.request(method, path, json=kind.body()))
    assert_unauthorized(
        await client.request(
            method, path, headers={"Authorization": "Bearer garbage"}, json=kind.body()
        )
    )
    assert await get_entry(client, owner, kind, entry["id"]) == entry


@by_kind
@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS, ids=ENDPOINT_IDS)
async def test_no_profile_is_404(
    client: AsyncClient, users: UserFactory, kind: EntryKind, method: str, suffix: str
) -> None:
    user = await users.create()
    path = kind.path + suffix.format(id=UNKNOWN_ID)
    assert_not_found(await client.request(method, path, headers=user.headers, json=kind.body()))
    assert_not_found(await client.get("/api/v1/profile", headers=user.headers))


@by_kind
@pytest.mark.parametrize("method", ITEM_METHODS)
async def test_unknown_id_is_404(
    client: AsyncClient, users: UserFactory, kind: EntryKind, method: str
) -> None:
    user = await users.create()
    await put_profile(client, user)
    await create_entry(client, user, kind)
    response = await client.request(
        method, f"{kind.path}/{UNKNOWN_ID}", headers=user.headers, json={"description": "x"}
    )
    assert_not_found(response)


@by_kind
@pytest.mark.parametrize("method", ITEM_METHODS)
async def test_deleted_id_is_404(
    client: AsyncClient, users: UserFactory, kind: EntryKind, method: str
) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, kind)
    path = f"{kind.path}/{entry['id']}"
    assert (await client.delete(path, headers=user.headers)).status_code == 204

    response = await client.request(method, path, headers=user.headers, json={"description": "x"})
    assert_not_found(response)


@by_kind
@pytest.mark.parametrize("method", ITEM_METHODS)
@pytest.mark.parametrize("intruder_has_profile", [True, False], ids=["profile", "no-profile"])
async def test_another_users_entry_is_404_and_untouched(
    client: AsyncClient,
    users: UserFactory,
    kind: EntryKind,
    method: str,
    intruder_has_profile: bool,
) -> None:
    owner, intruder = await users.create(), await users.create()
    await put_profile(client, owner)
    entry = await create_entry(client, owner, kind)
    if intruder_has_profile:
        await put_profile(client, intruder)
        await create_entry(client, intruder, kind)

    response = await client.request(
        method, f"{kind.path}/{entry['id']}", headers=intruder.headers, json={"description": "x"}
    )
    assert_not_found(response)
    assert await get_entry(client, owner, kind, entry["id"]) == entry
    assert (await list_entries(client, owner, kind))["total"] == 1


@by_kind
async def test_lists_show_only_the_callers_entries(
    client: AsyncClient, users: UserFactory, kind: EntryKind
) -> None:
    alice, bob = await users.create(), await users.create()
    await put_profile(client, alice)
    alices = {(await create_entry(client, alice, kind))["id"] for _ in range(3)}
    await put_profile(client, bob)

    empty = await list_entries(client, bob, kind)
    assert (empty["items"], empty["total"]) == ([], 0)

    bobs = await create_entry(client, bob, kind)
    page = await list_entries(client, bob, kind)
    assert [item["id"] for item in page["items"]] == [bobs["id"]]
    assert page["total"] == 1
    assert {item["id"] for item in (await list_entries(client, alice, kind))["items"]} == alices


@by_kind
async def test_create_then_get_returns_the_callers_entry(
    client: AsyncClient, users: UserFactory, kind: EntryKind
) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, kind)
    assert_resource(entry, user)
    assert await get_entry(client, user, kind, entry["id"]) == entry


@by_kind
@pytest.mark.parametrize("bad_id", ["not-a-uuid", "123", f"{UNKNOWN_ID}0", "0" * 33])
@pytest.mark.parametrize("method", ITEM_METHODS)
async def test_malformed_id_in_path_is_422(
    client: AsyncClient, users: UserFactory, kind: EntryKind, method: str, bad_id: str
) -> None:
    user = await users.create()
    await put_profile(client, user)
    response = await client.request(
        method, f"{kind.path}/{bad_id}", headers=user.headers, json={"description": "x"}
    )
    assert_invalid(response)


@by_kind
@pytest.mark.parametrize("field", [*SERVER_FIELDS, "profile_id", "is_admin"])
async def test_server_set_and_unknown_fields_on_create_are_422(
    client: AsyncClient, users: UserFactory, kind: EntryKind, field: str
) -> None:
    user = await users.create()
    await put_profile(client, user)
    body = kind.body(**{field: FORBIDDEN_VALUES[field]})
    assert_invalid(await client.post(kind.path, headers=user.headers, json=body), field=field)
    assert (await list_entries(client, user, kind))["total"] == 0


@by_kind
@pytest.mark.parametrize("field", [*SERVER_FIELDS, "profile_id", "is_admin"])
async def test_server_set_and_unknown_fields_on_patch_are_422(
    client: AsyncClient, users: UserFactory, kind: EntryKind, field: str
) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, kind)
    response = await client.patch(
        f"{kind.path}/{entry['id']}",
        headers=user.headers,
        json={"description": "changed", field: FORBIDDEN_VALUES[field]},
    )
    assert_invalid(response, field=field)
    assert await get_entry(client, user, kind, entry["id"]) == entry
