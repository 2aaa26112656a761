"""/courses/{id}: who may reach which course — anonymous callers, unknown ids, other tenants,
deleted courses.

A draft is invisible to everyone but its owner (404, as if it did not exist); a published
course is readable by every signed-in user, but only its owner may change or delete it (403).
"""

import uuid
from collections.abc import Callable

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.courses import (
    COURSES,
    course_path,
    create_course,
    enrollment_path,
    enrollments_path,
    get_course,
    published_course,
)
from tests.helpers.problems import (
    assert_not_found,
    assert_problem,
    assert_unauthorized,
    assert_validation_error,
    json_body,
)

UNKNOWN_ID = str(uuid.uuid4())
WRITES = [("PATCH", {"title": "Hijacked"}), ("PATCH", {"status": "draft"}), ("DELETE", None)]
WRITE_IDS = ["edit", "move", "delete"]
# Every path below one course: the course itself and its enrollment endpoints.
COURSE_ENDPOINTS = [
    ("GET", course_path),
    ("PATCH", course_path),
    ("DELETE", course_path),
    ("POST", enrollment_path),
    ("DELETE", enrollment_path),
    ("GET", enrollments_path),
]


@pytest.fixture
async def owner(users: AccountFactory) -> Account:
    return await users.create()


@pytest.fixture
async def stranger(users: AccountFactory) -> Account:
    return await users.create()


@pytest.mark.parametrize(("method", "path"), COURSE_ENDPOINTS)
async def test_anonymous_is_unauthorized_everywhere(
    client: AsyncClient, owner: Account, method: str, path: Callable[[str], str]
) -> None:
    course = await published_course(client, owner)
    assert_unauthorized(await client.request(method, path(course["id"])))
    assert_unauthorized(await client.get(COURSES))


@pytest.mark.parametrize(("method", "path"), COURSE_ENDPOINTS)
async def test_unknown_and_malformed_ids(
    client: AsyncClient, owner: Account, method: str, path: Callable[[str], str]
) -> None:
    unknown = await client.request(method, path(UNKNOWN_ID), headers=owner.headers, json={})
    assert_not_found(unknown)
    malformed = await client.request(method, path("not-a-uuid"), headers=owner.headers, json={})
    assert_validation_error(malformed, field="course_id")


async def test_published_courses_are_readable_by_everyone(
    client: AsyncClient, owner: Account, stranger: Account
) -> None:
    course = await published_course(client, owner)
    assert json_body(await get_course(client, stranger, course["id"])) == course


async def test_a_draft_is_seen_by_its_owner_only(
    client: AsyncClient, owner: Account, stranger: Account
) -> None:
    draft = await create_course(client, owner)
    assert json_body(await get_course(client, owner, draft["id"])) == draft
    assert_not_found(await get_course(client, stranger, draft["id"]))


@pytest.mark.parametrize(("method", "body"), WRITES, ids=WRITE_IDS)
@pytest.mark.parametrize(
    ("status", "refusal", "code"), [("published", 403, "forbidden"), ("draft", 404, "not_found")]
)
async def test_a_stranger_may_not_change_a_course(
    client: AsyncClient,
    owner: Account,
    stranger: Account,
    method: str,
    body: object,
    status: str,
    refusal: int,
    code: str,
) -> None:
    """A published course is 403 to a stranger's write; a draft, which they cannot see, 404."""
    course = await create_course(client, owner, status=status)
    response = await client.request(
        method, course_path(course["id"]), headers=stranger.headers, json=body
    )
    assert_problem(response, refusal, code)
    assert json_body(await get_course(client, owner, course["id"])) == course


async def test_a_deleted_course_is_gone_for_everyone(
    client: AsyncClient, owner: Account, stranger: Account
) -> None:
    course = await published_course(client, owner)
    deleted = await client.delete(course_path(course["id"]), headers=owner.headers)
    assert (deleted.status_code, deleted.content) == (204, b"")

    for user in (owner, stranger):
        assert_not_found(await get_course(client, user, course["id"]))
        for mine in ("true", "false"):
            page = json_body(await client.get(COURSES, headers=user.headers, params={"mine": mine}))
            assert page["total"] == 0
    assert_not_found(await client.delete(course_path(course["id"]), headers=owner.headers))
    assert_not_found(
        await client.patch(course_path(course["id"]), headers=owner.headers, json={"title": "x"})
    )
