"""/profile/experiences: the fields of an experience.

Access, dates, lists and deletion are shared with educations and tested for both kinds in
`test_profile_entries_access.py`, `test_profile_entries_dates.py` and
`test_profile_entries_lists.py`.
"""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import UserFactory
from tests.routes.profile_helpers import (
    EXPERIENCE,
    EXPERIENCES,
    assert_invalid,
    assert_not_found,
    assert_resource,
    assert_unauthorized,
    create_entry,
    get_entry,
    list_entries,
    put_profile,
)

FULL = {
    "title": "Backend engineer",
    "company": "Acme",
    "location": "Berlin",
    "start_date": "2019-04-01",
    "end_date": "2022-08-31",
    "description": "Built the billing service.",
}
MINIMAL = {"title": "Engineer", "company": "Acme", "start_date": "2020-01-01"}


async def test_four_cases(client: AsyncClient, users: UserFactory) -> None:
    owner, other = await users.create(), await users.create()
    assert_unauthorized(await client.post(EXPERIENCES, json=MINIMAL))
    assert_not_found(await client.post(EXPERIENCES, headers=owner.headers, json=MINIMAL))
    await put_profile(client, owner)
    await put_profile(client, other)
    entry = await create_entry(client, owner, EXPERIENCE, **MINIMAL)
    assert_not_found(await client.get(f"{EXPERIENCES}/{entry['id']}", headers=other.headers))
    assert await get_entry(client, owner, EXPERIENCE, entry["id"]) == entry


async def test_create_returns_every_field(client: AsyncClient, users: UserFactory) -> None:
    user = await users.create()
    await put_profile(client, user)
    response = await client.post(EXPERIENCES, headers=user.headers, json=FULL)
    assert response.status_code == 201, response.text
    body = response.json()
    assert_resource(body, user)
    assert {field: body[field] for field in FULL} == FULL
    assert await get_entry(client, user, EXPERIENCE, body["id"]) == body
    assert (await list_entries(client, user, EXPERIENCE))["items"] == [body]


async def test_optional_fields_default_to_null(client: AsyncClient, users: UserFactory) -> None:
    user = await users.create()
    await put_profile(client, user)
    body = await create_entry(client, user, EXPERIENCE, **MINIMAL)
    assert {field: body[field] for field in ("location", "end_date", "description")} == {
        "location": None,
        "end_date": None,
        "description": None,
    }


async def test_strings_are_trimmed(client: AsyncClient, users: UserFactory) -> None:
    user = await users.create()
    await put_profile(client, user)
    body = await create_entry(
        client,
        user,
        EXPERIENCE,
        **{
            **MINIMAL,
            "title": "  CTO ",
            "company": "\tAcme\n",
            "location": " Oslo ",
            "description": " Led. ",
        },
    )
    assert (body["title"], body["company"], body["location"], body["description"]) == (
        "CTO",
        "Acme",
        "Oslo",
        "Led.",
    )


@pytest.mark.parametrize("field", ["title", "company"])
@pytest.mark.parametrize("value", ["", "   ", "\t\n", None, "absent"])
async def test_required_strings_must_be_present_and_not_blank(
    client: AsyncClient, users: UserFactory, field: str, value: str | None
) -> None:
    user = await users.create()
    await put_profile(client, user)
    body: dict[str, Any] = {**MINIMAL, field: value}
    if value == "absent":
        del body[field]
    assert_invalid(await client.post(EXPERIENCES, headers=user.headers, json=body), field=field)
    assert (await list_entries(client, user, EXPERIENCE))["total"] == 0


@pytest.mark.parametrize(
    ("field", "limit"), [("title", 200), ("company", 200), ("location", 200), ("description", 5000)]
)
async def test_length_limits(
    client: AsyncClient, users: UserFactory, field: str, limit: int
) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, EXPERIENCE, **{**MINIMAL, field: "x" * limit})
    assert entry[field] == "x" * limit

    too_long = "x" * (limit + 1)
    response = await client.post(
        EXPERIENCES, headers=user.headers, json={**MINIMAL, field: too_long}
    )
    assert_invalid(response, field=field)
    path = f"{EXPERIENCES}/{entry['id']}"
    assert_invalid(
        await client.patch(path, headers=user.headers, json={field: too_long}), field=field
    )
    assert await get_entry(client, user, EXPERIENCE, entry["id"]) == entry


async def test_patch_changes_only_the_fields_sent(client: AsyncClient, users: UserFactory) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, EXPERIENCE, **FULL)
    response = await client.patch(
        f"{EXPERIENCES}/{entry['id']}", headers=user.headers, json={"title": "  Lead engineer "}
    )
    assert response.status_code == 200, response.text
    patched = response.json()
    assert patched == {**entry, "title": "Lead engineer", "updated_at": patched["updated_at"]}
    assert patched["updated_at"] >= entry["updated_at"]
    assert await get_entry(client, user, EXPERIENCE, entry["id"]) == patched


async def test_patch_with_empty_body_changes_nothing(
    client: AsyncClient, users: UserFactory
) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, EXPERIENCE, **FULL)
    response = await client.patch(f"{EXPERIENCES}/{entry['id']}", headers=user.headers, json={})
    assert response.status_code == 200, response.text
    assert {field: response.json()[field] for field in FULL} == FULL


@pytest.mark.parametrize("field", ["location", "description", "end_date"])
async def test_patch_null_clears_an_optional_field(
    client: AsyncClient, users: UserFactory, field: str
) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, EXPERIENCE, **FULL)
    path = f"{EXPERIENCES}/{entry['id']}"
    response = await client.patch(path, headers=user.headers, json={field: None})
    assert response.status_code == 200, response.text
    assert (await get_entry(client, user, EXPERIENCE, entry["id"]))[field] is None


@pytest.mark.parametrize("field", ["title", "company", "start_date"])
@pytest.mark.parametrize("value", [None, "  "])
async def test_patch_cannot_blank_a_required_field(
    client: AsyncClient, users: UserFactory, field: str, value: str | None
) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, EXPERIENCE, **FULL)
    path = f"{EXPERIENCES}/{entry['id']}"
    assert_invalid(await client.patch(path, headers=user.headers, json={field: value}), field=field)
    assert await get_entry(client, user, EXPERIENCE, entry["id"]) == entry
