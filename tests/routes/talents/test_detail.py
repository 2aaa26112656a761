"""GET /talents/{user_id}: one public profile with its live entries; anything else is 404."""

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.problems import (
    assert_not_found,
    assert_unauthorized,
    assert_validation_error,
    json_body,
)
from tests.helpers.profiles import (
    EDUCATION,
    ENTRY_KIND_IDS,
    ENTRY_KINDS,
    EXPERIENCE,
    PROFILE,
    EntryKind,
    create_entry,
    get_entry,
    put_profile,
)
from tests.helpers.talents import DETAIL_FIELDS, TALENT_FIELDS, list_talents, publish, talent_path


@pytest.fixture
async def viewer(users: AccountFactory) -> Account:
    return await users.create()


@pytest.fixture
async def talent(client: AsyncClient, users: AccountFactory) -> Account:
    talent = await users.create(full_name="Grace Hopper")
    await publish(client, talent, headline="Rear admiral", bio="Wrote the first compiler.")
    return talent


async def read(client: AsyncClient, viewer: Account, talent: Account) -> dict[str, object]:
    return json_body(await client.get(talent_path(talent.id), headers=viewer.headers))


async def test_anonymous_is_unauthorized(client: AsyncClient, talent: Account) -> None:
    assert_unauthorized(await client.get(talent_path(talent.id)))


async def test_the_detail_adds_bio_and_entries_to_the_list_item(
    client: AsyncClient, viewer: Account, talent: Account
) -> None:
    experience = await create_entry(client, talent, EXPERIENCE)
    education = await create_entry(client, talent, EDUCATION)
    detail = await read(client, viewer, talent)
    assert set(detail) == DETAIL_FIELDS
    (item,) = (await list_talents(client, viewer))["items"]
    assert {field: detail[field] for field in TALENT_FIELDS} == item
    assert detail["bio"] == "Wrote the first compiler."
    # Each entry reads exactly as its owner reads it at /profile/...
    assert detail["experiences"] == [await get_entry(client, talent, EXPERIENCE, experience["id"])]
    assert detail["educations"] == [await get_entry(client, talent, EDUCATION, education["id"])]


async def test_a_profile_without_entries_has_empty_lists(
    client: AsyncClient, viewer: Account, talent: Account
) -> None:
    detail = await read(client, viewer, talent)
    assert detail["experiences"] == []
    assert detail["educations"] == []


@pytest.mark.parametrize("kind", ENTRY_KINDS, ids=ENTRY_KIND_IDS)
async def test_live_entries_only_newest_start_first(
    client: AsyncClient, viewer: Account, talent: Account, kind: EntryKind
) -> None:
    oldest = await create_entry(client, talent, kind, **kind.body(start="2010-01-01"))
    newest = await create_entry(client, talent, kind, **kind.body(start="2022-06-01"))
    middle = await create_entry(client, talent, kind, **kind.body(start="2015-03-01"))
    deleted = await create_entry(client, talent, kind, **kind.body(start="2023-01-01"))
    response = await client.delete(kind.item(deleted["id"]), headers=talent.headers)
    assert response.status_code == 204
    entries = (await read(client, viewer, talent))[f"{kind.name}s"]
    assert isinstance(entries, list)
    assert [entry["id"] for entry in entries] == [newest["id"], middle["id"], oldest["id"]]


async def test_entries_of_a_deleted_earlier_profile_are_not_shown(
    client: AsyncClient, viewer: Account, talent: Account
) -> None:
    await create_entry(client, talent, EXPERIENCE)
    assert (await client.delete(PROFILE, headers=talent.headers)).status_code == 204
    await publish(client, talent, headline="Starting over")
    detail = await read(client, viewer, talent)
    assert detail["headline"] == "Starting over"
    assert detail["experiences"] == []


async def test_the_owner_reads_their_own_public_profile_too(
    client: AsyncClient, talent: Account
) -> None:
    assert (await read(client, talent, talent))["user_id"] == str(talent.id)


async def test_private_deleted_or_missing_profiles_are_404(
    client: AsyncClient, users: AccountFactory, viewer: Account, talent: Account
) -> None:
    await put_profile(client, talent, visibility="private")
    assert_not_found(await client.get(talent_path(talent.id), headers=viewer.headers))
    # Private is private to the owner too: the directory shows public profiles only.
    assert_not_found(await client.get(talent_path(talent.id), headers=talent.headers))

    await publish(client, talent)
    assert (await client.delete(PROFILE, headers=talent.headers)).status_code == 204
    assert_not_found(await client.get(talent_path(talent.id), headers=viewer.headers))

    without_profile = await users.create()
    assert_not_found(await client.get(talent_path(without_profile.id), headers=viewer.headers))
    unknown = "00000000-0000-4000-8000-000000000000"
    assert_not_found(await client.get(talent_path(unknown), headers=viewer.headers))


async def test_deactivated_or_deleted_users_are_404(
    client: AsyncClient, users: AccountFactory, viewer: Account, talent: Account
) -> None:
    admin = await users.admin()
    path = f"/api/v1/users/{talent.id}"
    response = await client.patch(path, headers=admin.headers, json={"is_active": False})
    assert response.status_code == 200
    assert_not_found(await client.get(talent_path(talent.id), headers=viewer.headers))

    other = await users.create()
    await publish(client, other)
    assert (await client.delete("/api/v1/auth/me", headers=other.headers)).status_code == 204
    assert_not_found(await client.get(talent_path(other.id), headers=viewer.headers))


@pytest.mark.parametrize("user_id", ["nope", "1", "00000000-0000-4000-8000-00000000000g"])
async def test_a_malformed_user_id_is_422(
    client: AsyncClient, viewer: Account, user_id: str
) -> None:
    response = await client.get(talent_path(user_id), headers=viewer.headers)
    assert_validation_error(response, field="user_id")
