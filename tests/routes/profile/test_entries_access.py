"""/profile/experiences and /profile/educations: who may reach which entry.

Both kinds of entry share one implementation, so every case here runs for each of them. The
fields particular to each kind are tested in `test_entries_fields.py`.
"""

import pytest
from httpx import AsyncClient, Response

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.problems import assert_not_found, assert_unauthorized, assert_validation_error
from tests.helpers.profiles import (
    ENTRY_KIND_IDS,
    ENTRY_KINDS,
    FORBIDDEN_VALUES,
    SERVER_FIELDS,
    EntryKind,
    assert_entry_unchanged,
    assert_resource,
    create_entry,
    get_entry,
    list_entries,
    patch_entry,
    put_profile,
)

# Fixed, not random: test ids are built from it, and parallel workers must agree on them.
UNKNOWN_ID = "3f2b8c1e-9d4a-4e6b-a7c5-1b0e9f8d2c6a"
# (method, path suffix) of every entry endpoint; "{id}" is an entry id.
ENDPOINTS = [("GET", ""), ("POST", ""), ("GET", "/{id}"), ("PATCH", "/{id}"), ("DELETE", "/{id}")]
ENDPOINT_IDS = [f"{method} {suffix or '/'}" for method, suffix in ENDPOINTS]
ITEM_METHODS = ["GET", "PATCH", "DELETE"]

by_kind = pytest.mark.parametrize("kind", ENTRY_KINDS, ids=ENTRY_KIND_IDS)


async def call_entry(
    client: AsyncClient, user: Account, kind: EntryKind, method: str, entry_id: str
) -> Response:
    """`method` on one entry, with a body PATCH would accept (GET and DELETE ignore it)."""
    return await client.request(
        method, kind.item(entry_id), headers=user.headers, json={"description": "x"}
    )


@by_kind
@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS, ids=ENDPOINT_IDS)
async def test_anonymous_is_401(
    client: AsyncClient, profile_owner: Account, kind: EntryKind, method: str, suffix: str
) -> None:
    entry = await create_entry(client, profile_owner, kind)
    path = kind.path + suffix.format(id=entry["id"])

    assert_unauthorized(await client.request(method, path, json=kind.body()))
    assert_unauthorized(
        await client.request(
            method, path, headers={"Authorization": "Bearer garbage"}, json=kind.body()
        )
    )
    await assert_entry_unchanged(client, profile_owner, kind, entry)


@by_kind
@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS, ids=ENDPOINT_IDS)
async def test_no_profile_is_404(
    client: AsyncClient, users: AccountFactory, kind: EntryKind, method: str, suffix: str
) -> None:
    user = await users.create()
    path = kind.path + suffix.format(id=UNKNOWN_ID)
    assert_not_found(await client.request(method, path, headers=user.headers, json=kind.body()))
    assert_not_found(await client.get("/api/v1/profile", headers=user.headers))


@by_kind
@pytest.mark.parametrize("method", ITEM_METHODS)
@pytest.mark.parametrize("missing", ["unknown", "deleted"])
async def test_unknown_or_deleted_id_is_404(
    client: AsyncClient, profile_owner: Account, kind: EntryKind, method: str, missing: str
) -> None:
    entry = await create_entry(client, profile_owner, kind)
    entry_id = UNKNOWN_ID
    if missing == "deleted":
        entry_id = entry["id"]
        deleted = await client.delete(kind.item(entry_id), headers=profile_owner.headers)
        assert deleted.status_code == 204

    assert_not_found(await call_entry(client, profile_owner, kind, method, entry_id))


@by_kind
@pytest.mark.parametrize("method", ITEM_METHODS)
@pytest.mark.parametrize("intruder_has_profile", [True, False], ids=["profile", "no-profile"])
async def test_another_users_entry_is_404_and_untouched(
    client: AsyncClient,
    users: AccountFactory,
    profile_owner: Account,
    kind: EntryKind,
    method: str,
    intruder_has_profile: bool,
) -> None:
    entry = await create_entry(client, profile_owner, kind)
    intruder = await users.create()
    if intruder_has_profile:
        await put_profile(client, intruder)
        await create_entry(client, intruder, kind)

    assert_not_found(await call_entry(client, intruder, kind, method, entry["id"]))
    await assert_entry_unchanged(client, profile_owner, kind, entry)
    assert (await list_entries(client, profile_owner, kind))["total"] == 1


@by_kind
async def test_lists_show_only_the_callers_entries(
    client: AsyncClient, users: AccountFactory, kind: EntryKind
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
    client: AsyncClient, profile_owner: Account, kind: EntryKind
) -> None:
    entry = await create_entry(client, profile_owner, kind)
    assert_resource(entry, profile_owner)
    assert await get_entry(client, profile_owner, kind, entry["id"]) == entry


@by_kind
@pytest.mark.parametrize("bad_id", ["not-a-uuid", "123", f"{UNKNOWN_ID}0", "0" * 33])
@pytest.mark.parametrize("method", ITEM_METHODS)
async def test_malformed_id_in_path_is_422(
    client: AsyncClient, profile_owner: Account, kind: EntryKind, method: str, bad_id: str
) -> None:
    assert_validation_error(await call_entry(client, profile_owner, kind, method, bad_id))


@by_kind
@pytest.mark.parametrize("field", [*SERVER_FIELDS, "profile_id", "is_admin"])
async def test_server_set_and_unknown_fields_on_create_are_422(
    client: AsyncClient, profile_owner: Account, kind: EntryKind, field: str
) -> None:
    body = kind.body(**{field: FORBIDDEN_VALUES[field]})
    response = await client.post(kind.path, headers=profile_owner.headers, json=body)
    assert_validation_error(response, field=field)
    assert (await list_entries(client, profile_owner, kind))["total"] == 0


@by_kind
@pytest.mark.parametrize("field", [*SERVER_FIELDS, "profile_id", "is_admin"])
async def test_server_set_and_unknown_fields_on_patch_are_422(
    client: AsyncClient, profile_owner: Account, kind: EntryKind, field: str
) -> None:
    entry = await create_entry(client, profile_owner, kind)
    changes = {"description": "changed", field: FORBIDDEN_VALUES[field]}
    response = await patch_entry(client, profile_owner, kind, entry["id"], changes)
    assert_validation_error(response, field=field)
    await assert_entry_unchanged(client, profile_owner, kind, entry)
