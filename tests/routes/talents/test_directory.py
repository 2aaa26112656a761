"""GET /talents: public profiles of live, active users only, with their filters and order."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.problems import (
    BAD_PAGING_PARAMS,
    PAGE_KEYS,
    assert_unauthorized,
    assert_validation_error,
)
from tests.helpers.profiles import PROFILE, put_profile
from tests.helpers.talents import TALENT_FIELDS, TALENTS, list_talents, publish, user_ids


@pytest.fixture
async def viewer(users: AccountFactory) -> Account:
    return await users.create()


async def test_anonymous_is_unauthorized(client: AsyncClient) -> None:
    assert_unauthorized(await client.get(TALENTS))


async def test_an_item_is_the_public_projection_keyed_by_user(
    client: AsyncClient, users: AccountFactory, viewer: Account
) -> None:
    talent = await users.create(full_name="Ada Lovelace")
    await publish(
        client,
        talent,
        headline="Analyst",
        bio="Notes on the engine.",
        location="London",
        skills=["Maths", "poetry"],
        website="https://example.com/ada",
        open_to_work=True,
    )
    page = await list_talents(client, viewer)
    assert set(page) == PAGE_KEYS
    assert page["total"] == 1
    assert page["items"] == [
        {
            "user_id": str(talent.id),
            "full_name": "Ada Lovelace",
            "headline": "Analyst",
            "location": "London",
            "skills": ["maths", "poetry"],
            "open_to_work": True,
            "website": "https://example.com/ada",
        }
    ]
    assert set(page["items"][0]) == TALENT_FIELDS


async def test_private_and_deleted_profiles_are_not_listed(
    client: AsyncClient, users: AccountFactory, viewer: Account
) -> None:
    shown = await users.create()
    await publish(client, shown)
    await put_profile(client, await users.create(), visibility="private")
    await put_profile(client, viewer)  # the viewer's own private profile is not listed either
    gone = await users.create()
    await publish(client, gone)
    assert (await client.delete(PROFILE, headers=gone.headers)).status_code == 204
    assert user_ids(await list_talents(client, viewer)) == [str(shown.id)]


async def test_deactivated_and_deleted_users_vanish(
    client: AsyncClient, users: AccountFactory, viewer: Account
) -> None:
    admin = await users.admin()
    shown, deactivated, deleted = [await users.create() for _ in range(3)]
    for talent in (shown, deactivated, deleted):
        await publish(client, talent)
    response = await client.patch(
        f"/api/v1/users/{deactivated.id}", headers=admin.headers, json={"is_active": False}
    )
    assert response.status_code == 200, response.text
    assert (await client.delete("/api/v1/auth/me", headers=deleted.headers)).status_code == 204
    assert user_ids(await list_talents(client, viewer)) == [str(shown.id)]

    await client.patch(
        f"/api/v1/users/{deactivated.id}", headers=admin.headers, json={"is_active": True}
    )
    listed = set(user_ids(await list_talents(client, viewer)))
    assert listed == {str(shown.id), str(deactivated.id)}


async def test_q_matches_headline_or_full_name_ignoring_case(
    client: AsyncClient, users: AccountFactory, viewer: Account
) -> None:
    by_headline = await users.create(full_name="Grace Hopper")
    by_name = await users.create(full_name="Pythonista Jones")
    neither = await users.create(full_name="Alan Turing")
    await publish(client, by_headline, headline="Senior PYTHON developer")
    await publish(client, by_name, headline="Data engineer")
    await publish(client, neither, headline="Logician")
    found = await list_talents(client, viewer, q="python")
    assert set(user_ids(found)) == {str(by_headline.id), str(by_name.id)}
    assert found["total"] == 2
    assert user_ids(await list_talents(client, viewer, q="100%")) == []


async def test_wildcards_in_q_are_taken_literally(
    client: AsyncClient, users: AccountFactory, viewer: Account
) -> None:
    literal = await users.create()
    await publish(client, literal, headline="100% remote")
    await publish(client, await users.create(), headline="1000 remote")
    assert user_ids(await list_talents(client, viewer, q="0%")) == [str(literal.id)]
    assert user_ids(await list_talents(client, viewer, q="_")) == []


async def test_skill_location_and_open_to_work_filters(
    client: AsyncClient, users: AccountFactory, viewer: Account
) -> None:
    rust_in_oslo = await users.create()
    go_in_lisbon = await users.create()
    await publish(client, rust_in_oslo, skills=["Rust", "SQL"], location="Oslo, Norway")
    await publish(client, go_in_lisbon, skills=["go"], location="Lisbon", open_to_work=True)
    assert user_ids(await list_talents(client, viewer, skill="RUST")) == [str(rust_in_oslo.id)]
    assert user_ids(await list_talents(client, viewer, skill="rus")) == []
    assert user_ids(await list_talents(client, viewer, location="norway")) == [str(rust_in_oslo.id)]
    assert user_ids(await list_talents(client, viewer, open_to_work="true")) == [
        str(go_in_lisbon.id)
    ]
    assert user_ids(await list_talents(client, viewer, open_to_work="false")) == [
        str(rust_in_oslo.id)
    ]
    combined = await list_talents(client, viewer, skill="go", open_to_work="false")
    assert combined["items"] == []
    assert combined["total"] == 0


async def test_most_recently_updated_first_and_back(
    client: AsyncClient, users: AccountFactory, viewer: Account
) -> None:
    first, second, third = [await users.create() for _ in range(3)]
    for talent in (first, second, third):
        await publish(client, talent)
    await publish(client, first, headline="Updated last")
    newest_first = [str(first.id), str(third.id), str(second.id)]
    assert user_ids(await list_talents(client, viewer)) == newest_first
    assert user_ids(await list_talents(client, viewer, sort="-updated_at")) == newest_first
    oldest_first = await list_talents(client, viewer, sort="updated_at")
    assert user_ids(oldest_first) == newest_first[::-1]


async def test_pages_and_cursors_walk_the_same_order_without_overlap(
    client: AsyncClient, users: AccountFactory, viewer: Account
) -> None:
    for _ in range(5):
        await publish(client, await users.create())
    everyone = user_ids(await list_talents(client, viewer, page_size=10))
    assert len(everyone) == 5
    walked: list[str] = []
    page = await list_talents(client, viewer, page_size=2)
    while True:
        walked += user_ids(page)
        if page["next_cursor"] is None:
            break
        page = await list_talents(client, viewer, page_size=2, cursor=page["next_cursor"])
    assert walked == everyone
    numbered = await list_talents(client, viewer, page_size=2, page=3)
    assert user_ids(numbered) == everyone[4:]


@pytest.mark.parametrize("params", [*BAD_PAGING_PARAMS, {"sort": "full_name"}, {"sort": "-id"}])
async def test_bad_paging_or_sort_is_422(
    client: AsyncClient, viewer: Account, params: dict[str, Any]
) -> None:
    assert_validation_error(await client.get(TALENTS, headers=viewer.headers, params=params))


@pytest.mark.parametrize(
    "params", [{"open_to_work": "maybe"}, {"q": "x" * 201}, {"skill": "a\x00b"}]
)
async def test_bad_filters_are_422(
    client: AsyncClient, viewer: Account, params: dict[str, Any]
) -> None:
    assert_validation_error(await client.get(TALENTS, headers=viewer.headers, params=params))
