"""/profile/educations: the fields of an education.

Access, dates, lists and deletion are shared with experiences and tested for both kinds in
`test_profile_entries_access.py`, `test_profile_entries_dates.py` and
`test_profile_entries_lists.py`.
"""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import UserFactory
from tests.routes.profile_helpers import (
    EDUCATION,
    EDUCATIONS,
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
    "school": "University of Porto",
    "degree": "MSc",
    "field_of_study": "Computer Science",
    "start_date": "2014-09-15",
    "end_date": "2016-07-01",
    "description": "Thesis on query planning.",
}
MINIMAL = {"school": "MIT", "start_date": "2015-09-01"}


async def test_four_cases(client: AsyncClient, users: UserFactory) -> None:
    owner, other = await users.create(), await users.create()
    assert_unauthorized(await client.post(EDUCATIONS, json=MINIMAL))
    assert_not_found(await client.post(EDUCATIONS, headers=owner.headers, json=MINIMAL))
    await put_profile(client, owner)
    await put_profile(client, other)
    entry = await create_entry(client, owner, EDUCATION, **MINIMAL)
    assert_not_found(await client.get(f"{EDUCATIONS}/{entry['id']}", headers=other.headers))
    assert await get_entry(client, owner, EDUCATION, entry["id"]) == entry


async def test_create_returns_every_field(client: AsyncClient, users: UserFactory) -> None:
    user = await users.create()
    await put_profile(client, user)
    response = await client.post(EDUCATIONS, headers=user.headers, json=FULL)
    assert response.status_code == 201, response.text
    body = response.json()
    assert_resource(body, user)
    assert {field: body[field] for field in FULL} == FULL
    assert await get_entry(client, user, EDUCATION, body["id"]) == body
    assert (await list_entries(client, user, EDUCATION))["items"] == [body]


async def test_optional_fields_default_to_null(client: AsyncClient, users: UserFactory) -> None:
    user = await users.create()
    await put_profile(client, user)
    body = await create_entry(client, user, EDUCATION, **MINIMAL)
    optional = ("degree", "field_of_study", "end_date", "description")
    assert {field: body[field] for field in optional} == dict.fromkeys(optional)


async def test_strings_are_trimmed(client: AsyncClient, users: UserFactory) -> None:
    user = await users.create()
    await put_profile(client, user)
    body = await create_entry(
        client,
        user,
        EDUCATION,
        **{
            **MINIMAL,
            "school": "  MIT ",
            "degree": "\tBSc\n",
            "field_of_study": " Physics ",
            "description": " Honours. ",
        },
    )
    assert (body["school"], body["degree"], body["field_of_study"], body["description"]) == (
        "MIT",
        "BSc",
        "Physics",
        "Honours.",
    )


@pytest.mark.parametrize("field", ["school"])
@pytest.mark.parametrize("value", ["", "   ", "\t\n", None, "absent"])
async def test_required_strings_must_be_present_and_not_blank(
    client: AsyncClient, users: UserFactory, field: str, value: str | None
) -> None:
    user = await users.create()
    await put_profile(client, user)
    body: dict[str, Any] = {**MINIMAL, field: value}
    if value == "absent":
        del body[field]
    assert_invalid(await client.post(EDUCATIONS, headers=user.headers, json=body), field=field)
    assert (await list_entries(client, user, EDUCATION))["total"] == 0


@pytest.mark.parametrize(
    ("field", "limit"),
    [("school", 200), ("degree", 200), ("field_of_study", 200), ("description", 5000)],
)
async def test_length_limits(
    client: AsyncClient, users: UserFactory, field: str, limit: int
) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, EDUCATION, **{**MINIMAL, field: "x" * limit})
    assert entry[field] == "x" * limit

    too_long = "x" * (limit + 1)
    response = await client.post(
        EDUCATIONS, headers=user.headers, json={**MINIMAL, field: too_long}
    )
    assert_invalid(response, field=field)
    path = f"{EDUCATIONS}/{entry['id']}"
    assert_invalid(
        await client.patch(path, headers=user.headers, json={field: too_long}), field=field
    )
    assert await get_entry(client, user, EDUCATION, entry["id"]) == entry


async def test_patch_changes_only_the_fields_sent(client: AsyncClient, users: UserFactory) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, EDUCATION, **FULL)
    response = await client.patch(
        f"{EDUCATIONS}/{entry['id']}", headers=user.headers, json={"school": "  ETH Zurich "}
    )
    assert response.status_code == 200, response.text
    patched = response.json()
    assert patched == {**entry, "school": "ETH Zurich", "updated_at": patched["updated_at"]}
    assert patched["updated_at"] >= entry["updated_at"]
    assert await get_entry(client, user, EDUCATION, entry["id"]) == patched


async def test_patch_with_empty_body_changes_nothing(
    client: AsyncClient, users: UserFactory
) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, EDUCATION, **FULL)
    response = await client.patch(f"{EDUCATIONS}/{entry['id']}", headers=user.headers, json={})
    assert response.status_code == 200, response.text
    assert {field: response.json()[field] for field in FULL} == FULL


@pytest.mark.parametrize("field", ["degree", "field_of_study", "description", "end_date"])
async def test_patch_null_clears_an_optional_field(
    client: AsyncClient, users: UserFactory, field: str
) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, EDUCATION, **FULL)
    path = f"{EDUCATIONS}/{entry['id']}"
    response = await client.patch(path, headers=user.headers, json={field: None})
    assert response.status_code == 200, response.text
    assert (await get_entry(client, user, EDUCATION, entry["id"]))[field] is None


@pytest.mark.parametrize("field", ["school", "start_date"])
@pytest.mark.parametrize("value", [None, "  "])
async def test_patch_cannot_blank_a_required_field(
    client: AsyncClient, users: UserFactory, field: str, value: str | None
) -> None:
    user = await users.create()
    await put_profile(client, user)
    entry = await create_entry(client, user, EDUCATION, **FULL)
    path = f"{EDUCATIONS}/{entry['id']}"
    assert_invalid(await client.patch(path, headers=user.headers, json={field: value}), field=field)
    assert await get_entry(client, user, EDUCATION, entry["id"]) == entry
