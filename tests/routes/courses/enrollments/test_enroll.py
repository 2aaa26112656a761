"""POST and DELETE /courses/{id}/enrollment: a student takes a published course of someone
else, once at a time, and may leave and come back."""

import asyncio

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.courses import (
    ENROLLMENT_FIELDS,
    create_course,
    enroll,
    ids,
    list_courses,
    patch_course,
    published_course,
    try_enroll,
    unenroll,
)
from tests.helpers.problems import assert_not_found, assert_problem, assert_timestamp, json_body


@pytest.fixture
async def owner(users: AccountFactory) -> Account:
    return await users.create()


@pytest.fixture
async def student(users: AccountFactory) -> Account:
    return await users.create()


async def test_enrolling_answers_the_stored_enrollment(
    client: AsyncClient, owner: Account, student: Account
) -> None:
    course = await published_course(client, owner)
    enrollment = await enroll(client, student, course["id"])

    assert set(enrollment) == ENROLLMENT_FIELDS
    assert (enrollment["course_id"], enrollment["user_id"]) == (course["id"], str(student.id))
    assert enrollment["enrolled_at"] == enrollment["created_at"]
    assert_timestamp(enrollment["enrolled_at"])
    assert ids(await list_courses(client, student, enrolled="true")) == [course["id"]]


@pytest.mark.parametrize("status", ["draft", "published"])
async def test_ones_own_course_is_a_bad_request(
    client: AsyncClient, owner: Account, status: str
) -> None:
    course = await create_course(client, owner, status=status)
    assert_problem(await try_enroll(client, owner, course["id"]), 400, "bad_request")


async def test_someone_elses_draft_is_not_found(
    client: AsyncClient, owner: Account, student: Account
) -> None:
    draft = await create_course(client, owner)
    assert_not_found(await try_enroll(client, student, draft["id"]))
    assert_not_found(await unenroll(client, student, draft["id"]))


async def test_enrolling_twice_is_a_conflict(
    client: AsyncClient, owner: Account, student: Account
) -> None:
    course = await published_course(client, owner)
    await enroll(client, student, course["id"])
    assert_problem(await try_enroll(client, student, course["id"]), 409, "conflict")


@pytest.mark.parametrize("attempts", [2, 10])
async def test_simultaneous_enrollments_store_one(
    client: AsyncClient, owner: Account, student: Account, attempts: int
) -> None:
    course = await published_course(client, owner)

    responses = await asyncio.gather(
        *(try_enroll(client, student, course["id"]) for _ in range(attempts))
    )

    assert sorted(response.status_code for response in responses) == [201] + [409] * (attempts - 1)
    for response in responses:
        if response.status_code == 409:
            assert_problem(response, 409, "conflict")
    page = await list_courses(client, student, enrolled="true")
    assert (page["total"], ids(page)) == (1, [course["id"]])


async def test_leaving_and_enrolling_again(
    client: AsyncClient, owner: Account, student: Account
) -> None:
    course = await published_course(client, owner)
    first = await enroll(client, student, course["id"])

    left = await unenroll(client, student, course["id"])
    assert (left.status_code, left.content) == (204, b"")
    assert (await list_courses(client, student, enrolled="true"))["total"] == 0
    assert_not_found(await unenroll(client, student, course["id"]))

    again = await enroll(client, student, course["id"])
    assert again["id"] != first["id"]
    assert ids(await list_courses(client, student, enrolled="true")) == [course["id"]]


async def test_leaving_a_course_one_never_joined_is_not_found(
    client: AsyncClient, owner: Account, student: Account, users: AccountFactory
) -> None:
    course = await published_course(client, owner)
    await enroll(client, await users.create(), course["id"])
    assert_not_found(await unenroll(client, student, course["id"]))
    assert_not_found(await unenroll(client, owner, course["id"]))


async def test_an_unpublished_course_keeps_its_students_out_of_sight(
    client: AsyncClient, owner: Account, student: Account
) -> None:
    """Back in draft, the course is invisible to its students (404 to enroll or leave) but
    keeps their enrollments: published again, it is back in their list."""
    course = await published_course(client, owner)
    await enroll(client, student, course["id"])
    json_body(await patch_course(client, owner, course["id"], status="draft"))

    assert (await list_courses(client, student, enrolled="true"))["total"] == 0
    assert_not_found(await unenroll(client, student, course["id"]))

    json_body(await patch_course(client, owner, course["id"], status="published"))
    assert ids(await list_courses(client, student, enrolled="true")) == [course["id"]]
    assert_problem(await try_enroll(client, student, course["id"]), 409, "conflict")
