"""POST /courses: the stored course, its defaults, and the rules a create body must follow.

A refused body never stores anything: each 422 case also checks that the caller has no courses.
"""

import uuid
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.courses import (
    COURSE_FIELDS,
    COURSE_SERVER_FIELDS,
    COURSES,
    course_body,
    create_course,
    get_course,
    list_courses,
)
from tests.helpers.problems import assert_timestamp, assert_unauthorized, assert_validation_error

REQUIRED = ["title", "description", "level", "duration_hours", "price", "currency"]
# (field, longest accepted length)
LENGTH_LIMITS = [("title", 200), ("provider", 200), ("description", 20_000)]


@pytest.fixture
async def owner(users: AccountFactory) -> Account:
    return await users.create()


async def assert_refused(client: AsyncClient, user: Account, body: Any, field: str) -> None:
    """POST `body` is a 422 pointing at `field` and stores no course."""
    response = await client.post(COURSES, headers=user.headers, json=body)
    assert_validation_error(response, field=field)
    assert (await list_courses(client, user, mine="true"))["total"] == 0


async def test_anonymous_is_unauthorized(client: AsyncClient) -> None:
    assert_unauthorized(await client.post(COURSES, json=course_body()))


async def test_minimal_body_gets_the_documented_defaults(
    client: AsyncClient, owner: Account
) -> None:
    course = await create_course(client, owner)

    assert set(course) == COURSE_FIELDS
    uuid.UUID(course["id"])
    assert course["owner_id"] == str(owner.id)
    assert (course["status"], course["tags"], course["provider"], course["url"]) == (
        "draft",
        [],
        None,
        None,
    )
    assert (course["price"], course["currency"], course["duration_hours"]) == ("49.99", "EUR", 12)
    assert assert_timestamp(course["updated_at"]) >= assert_timestamp(course["created_at"])
    assert (await get_course(client, owner, course["id"])).json() == course


async def test_full_body_is_stored_normalised(client: AsyncClient, owner: Account) -> None:
    course = await create_course(
        client,
        owner,
        title="  SQL for analysts ",
        description="\tWindow functions and CTEs.\n",
        provider=" Data School ",
        url="https://example.com/courses/sql?ref=hub",
        level="beginner",
        duration_hours=1.5,
        price=0,
        currency=" usd ",
        tags=[" SQL ", "sql", "Data"],
        status="published",
    )
    assert {key: course[key] for key in course_body() | {"provider": 1, "url": 1, "tags": 1}} == {
        "title": "SQL for analysts",
        "description": "Window functions and CTEs.",
        "provider": "Data School",
        "url": "https://example.com/courses/sql?ref=hub",
        "level": "beginner",
        "duration_hours": 1.5,
        "price": "0.00",
        "currency": "USD",
        "tags": ["sql", "data"],
    }
    assert course["status"] == "published"


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        (49.99, "49.99"),
        ("49.99", "49.99"),
        (50, "50.00"),
        ("0.5", "0.50"),
        ("1000000", "1000000.00"),
    ],
)
async def test_prices_are_two_place_strings(
    client: AsyncClient, owner: Account, sent: Any, stored: str
) -> None:
    assert (await create_course(client, owner, price=sent))["price"] == stored


@pytest.mark.parametrize("price", [49.999, "49.999", "1e3", -1, "-0.01", True, "abc", None, []])
async def test_bad_prices_are_refused(client: AsyncClient, owner: Account, price: Any) -> None:
    await assert_refused(client, owner, course_body(price=price), "price")


@pytest.mark.parametrize("hours", [0.25, 1, 999.99, 1000])
async def test_durations_within_bounds_are_kept(
    client: AsyncClient, owner: Account, hours: float
) -> None:
    assert (await create_course(client, owner, duration_hours=hours))["duration_hours"] == hours


@pytest.mark.parametrize("hours", [0, -1, 1000.01, 1001, "10", True, None])
async def test_durations_out_of_bounds_are_refused(
    client: AsyncClient, owner: Account, hours: Any
) -> None:
    await assert_refused(client, owner, course_body(duration_hours=hours), "duration_hours")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("level", "expert"),
        ("level", "Beginner"),
        ("currency", "EURO"),
        ("currency", "E1"),
        ("url", "ftp://example.com/course"),
        ("url", "javascript:alert(1)"),
        ("url", "example.com/course"),
        ("status", "archived"),
        ("title", "   "),
        ("description", ""),
        ("tags", "python"),
        ("tags", [f"tag{number}" for number in range(51)]),
    ],
)
async def test_invalid_fields_are_refused(
    client: AsyncClient, owner: Account, field: str, value: Any
) -> None:
    await assert_refused(client, owner, course_body(**{field: value}), field)


@pytest.mark.parametrize("field", REQUIRED)
async def test_required_fields(client: AsyncClient, owner: Account, field: str) -> None:
    body = {key: value for key, value in course_body().items() if key != field}
    await assert_refused(client, owner, body, field)


@pytest.mark.parametrize(("field", "limit"), LENGTH_LIMITS)
async def test_length_limits(client: AsyncClient, owner: Account, field: str, limit: int) -> None:
    await assert_refused(client, owner, course_body(**{field: "x" * (limit + 1)}), field)
    assert (await create_course(client, owner, **{field: "x" * limit}))[field] == "x" * limit


@pytest.mark.parametrize("field", [*COURSE_SERVER_FIELDS, "is_featured"])
async def test_server_fields_cannot_be_set(client: AsyncClient, owner: Account, field: str) -> None:
    value = COURSE_SERVER_FIELDS.get(field, True)
    await assert_refused(client, owner, course_body(**{field: value}), field)
