"""PATCH /courses/{id}: partial updates by the owner, and status moves through the machine.

draft → published and published → draft (unpublishing withdraws it from the catalogue); the
same status again, or an unknown one, is refused.
"""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.courses import (
    create_course,
    get_course,
    list_courses,
    patch_course,
    published_course,
)
from tests.helpers.problems import (
    assert_not_found,
    assert_problem,
    assert_validation_error,
    json_body,
)

NOT_NULL = ["title", "description", "level", "duration_hours", "price", "currency", "tags"]


@pytest.fixture
async def owner(users: AccountFactory) -> Account:
    return await users.create()


async def test_only_the_given_fields_change(client: AsyncClient, owner: Account) -> None:
    course = await create_course(client, owner, provider="Acme Academy", tags=["python"])
    changed = json_body(
        await patch_course(client, owner, course["id"], price=25, title=" Async Python II ")
    )
    assert (changed["price"], changed["title"]) == ("25.00", "Async Python II")
    unchanged = {k: v for k, v in course.items() if k not in ("price", "title", "updated_at")}
    assert {k: changed[k] for k in unchanged} == unchanged
    assert changed["updated_at"] > course["updated_at"]
    assert json_body(await get_course(client, owner, course["id"])) == changed


async def test_optional_fields_can_be_cleared(client: AsyncClient, owner: Account) -> None:
    course = await create_course(client, owner, provider="Acme", url="https://example.com/c")
    cleared = json_body(await patch_course(client, owner, course["id"], provider=None, url=None))
    assert (cleared["provider"], cleared["url"]) == (None, None)


@pytest.mark.parametrize("field", [*NOT_NULL, "status"])
async def test_required_fields_may_not_be_nulled(
    client: AsyncClient, owner: Account, field: str
) -> None:
    course = await create_course(client, owner)
    assert_validation_error(
        await patch_course(client, owner, course["id"], **{field: None}), field=field
    )
    assert json_body(await get_course(client, owner, course["id"])) == course


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", "1.001"), ("duration_hours", 0), ("level", "expert"), ("owner_id", "x")],
)
async def test_invalid_changes_are_refused(
    client: AsyncClient, owner: Account, field: str, value: Any
) -> None:
    course = await create_course(client, owner)
    assert_validation_error(
        await patch_course(client, owner, course["id"], **{field: value}), field=field
    )


async def test_publish_unpublish_and_publish_again(
    client: AsyncClient, owner: Account, users: AccountFactory
) -> None:
    reader = await users.create()
    course = await create_course(client, owner)
    for status, listed in (("published", 1), ("draft", 0), ("published", 1)):
        moved = json_body(await patch_course(client, owner, course["id"], status=status))
        assert moved["status"] == status
        assert (await list_courses(client, reader))["total"] == listed
    assert json_body(await get_course(client, reader, course["id"]))["status"] == "published"


async def test_unpublished_courses_are_hidden_from_others(
    client: AsyncClient, owner: Account, users: AccountFactory
) -> None:
    reader = await users.create()
    course = await published_course(client, owner)
    json_body(await patch_course(client, owner, course["id"], status="draft"))
    assert_not_found(await get_course(client, reader, course["id"]))


@pytest.mark.parametrize("status", ["draft", "published"])
async def test_moving_to_the_same_status_is_an_invalid_transition(
    client: AsyncClient, owner: Account, status: str
) -> None:
    course = await create_course(client, owner, status=status)
    response = await patch_course(client, owner, course["id"], status=status, title="Renamed")
    assert_problem(response, 400, "invalid_transition")
    assert json_body(await get_course(client, owner, course["id"])) == course


async def test_an_unknown_status_is_a_validation_error(client: AsyncClient, owner: Account) -> None:
    course = await create_course(client, owner)
    assert_validation_error(
        await patch_course(client, owner, course["id"], status="archived"), field="status"
    )
