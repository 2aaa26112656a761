"""DELETE /profile and DELETE /auth/me: the profile and its entries are soft-deleted, not lost."""

from fastapi import FastAPI
from httpx import AsyncClient

from database.models import Profile
from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.problems import assert_not_found, assert_unauthorized
from tests.helpers.profiles import (
    EDUCATION,
    ENTRY_KINDS,
    EXPERIENCE,
    PROFILE,
    assert_deleted_for_good,
    create_entry,
    deleted_at_of,
    get_profile,
    list_entries,
    put_profile,
)


async def build_profile(client: AsyncClient, user: Account) -> dict[str, list[str]]:
    """A profile with two experiences and one education; returns the ids per table."""
    profile = await put_profile(client, user, headline="Engineer", skills=["python"])
    experiences = [
        await create_entry(client, user, EXPERIENCE, **EXPERIENCE.body(start))
        for start in ("2019-01-01", "2021-06-01")
    ]
    education = await create_entry(client, user, EDUCATION)
    return {
        "profile": [profile["id"]],
        "experiences": [entry["id"] for entry in experiences],
        "educations": [education["id"]],
    }


async def test_delete_profile_is_204_then_404(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()
    await put_profile(client, user, headline="Engineer")

    await assert_deleted_for_good(client, user, PROFILE, {"bio": "x"})


async def test_delete_profile_soft_deletes_its_entries(
    app: FastAPI, client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    ids = await build_profile(client, user)

    response = await client.delete(PROFILE, headers=user.headers)
    assert response.status_code == 204, response.text

    for kind in ENTRY_KINDS:
        assert_not_found(await client.get(kind.path, headers=user.headers))
    assert all(await deleted_at_of(app, Profile, ids["profile"]))
    assert all(await deleted_at_of(app, EXPERIENCE.model, ids["experiences"]))
    assert all(await deleted_at_of(app, EDUCATION.model, ids["educations"]))


async def test_a_new_profile_after_delete_starts_empty(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    ids = await build_profile(client, user)
    assert (await client.delete(PROFILE, headers=user.headers)).status_code == 204

    response = await client.put(PROFILE, headers=user.headers, json={"bio": "Fresh start"})
    assert response.status_code == 201, response.text
    fresh = response.json()
    assert fresh["id"] != ids["profile"][0]
    assert fresh["headline"] is None
    assert fresh["skills"] == []

    for kind, old_ids in ((EXPERIENCE, ids["experiences"]), (EDUCATION, ids["educations"])):
        page = await list_entries(client, user, kind)
        assert page["items"] == []
        assert page["total"] == 0
        for old_id in old_ids:
            assert_not_found(await client.get(f"{kind.path}/{old_id}", headers=user.headers))
            assert_not_found(await client.delete(f"{kind.path}/{old_id}", headers=user.headers))


async def test_deleting_a_profile_leaves_other_users_alone(
    app: FastAPI, client: AsyncClient, users: AccountFactory
) -> None:
    alice, bob = await users.create(), await users.create()
    await build_profile(client, alice)
    bobs_ids = await build_profile(client, bob)
    bobs_profile = await get_profile(client, bob)

    assert (await client.delete(PROFILE, headers=alice.headers)).status_code == 204

    assert await get_profile(client, bob) == bobs_profile
    assert (await list_entries(client, bob, EXPERIENCE))["total"] == 2
    assert (await list_entries(client, bob, EDUCATION))["total"] == 1
    assert await deleted_at_of(app, EXPERIENCE.model, bobs_ids["experiences"]) == [None, None]


async def test_delete_account_cascades_to_profile_and_entries(
    app: FastAPI, client: AsyncClient, users: AccountFactory
) -> None:
    user, other = await users.create(), await users.create()
    ids = await build_profile(client, user)
    others = await build_profile(client, other)

    response = await client.delete("/api/v1/auth/me", headers=user.headers)
    assert response.status_code == 204, response.text

    assert_unauthorized(await client.get(PROFILE, headers=user.headers))
    assert_unauthorized(await client.get(EXPERIENCE.path, headers=user.headers))
    assert_unauthorized(await client.put(PROFILE, headers=user.headers, json={}))

    assert all(await deleted_at_of(app, Profile, ids["profile"]))
    assert all(await deleted_at_of(app, EXPERIENCE.model, ids["experiences"]))
    assert all(await deleted_at_of(app, EDUCATION.model, ids["educations"]))
    assert await deleted_at_of(app, Profile, others["profile"]) == [None]
    assert await deleted_at_of(app, EXPERIENCE.model, others["experiences"]) == [None, None]
    assert await deleted_at_of(app, EDUCATION.model, others["educations"]) == [None]
    assert (await list_entries(client, other, EXPERIENCE))["total"] == 2
