"""What goes with a deleted course or account: the course's enrollments, the owner's courses
with theirs, and a student's own enrollments; nothing of anyone else's. An enrollment racing
the course's deletion is either stored first and deleted with it, or refused (404)."""

import asyncio

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select

from database.engine import Database
from database.models import Course, Enrollment
from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.courses import (
    course_path,
    enroll,
    ids,
    list_courses,
    list_enrollments,
    published_course,
    student_ids,
    try_enroll,
)
from tests.helpers.problems import assert_not_found, json_body

ME = "/api/v1/auth/me"


async def delete(client: AsyncClient, path: str, user: Account) -> None:
    response = await client.delete(path, headers=user.headers)
    assert response.status_code == 204, response.text


async def test_deleting_a_course_takes_its_enrollments(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, student = await users.create(), await users.create()
    doomed, kept = await published_course(client, owner), await published_course(client, owner)
    for course in (doomed, kept):
        await enroll(client, student, course["id"])

    await delete(client, course_path(doomed["id"]), owner)

    assert ids(await list_courses(client, student, enrolled="true")) == [kept["id"]]
    assert_not_found(await list_enrollments(client, owner, doomed["id"]))
    kept_students = json_body(await list_enrollments(client, owner, kept["id"]))
    assert student_ids(kept_students) == [str(student.id)]


async def test_an_owners_account_deletion_takes_courses_and_their_enrollments(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, other_owner, student = await users.create(), await users.create(), await users.create()
    gone = await published_course(client, owner)
    stays = await published_course(client, other_owner)
    for course in (gone, stays):
        await enroll(client, student, course["id"])

    await delete(client, ME, owner)

    assert ids(await list_courses(client, student)) == [stays["id"]]
    assert ids(await list_courses(client, student, enrolled="true")) == [stays["id"]]
    assert_not_found(await client.get(course_path(gone["id"]), headers=student.headers))


async def test_a_students_account_deletion_takes_their_enrollments(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, leaving, staying = await users.create(), await users.create(), await users.create()
    course = await published_course(client, owner)
    leavers_own = await published_course(client, leaving)
    for student in (leaving, staying):
        await enroll(client, student, course["id"])
    await enroll(client, staying, leavers_own["id"])

    await delete(client, ME, leaving)

    assert student_ids(json_body(await list_enrollments(client, owner, course["id"]))) == [
        str(staying.id)
    ]
    assert ids(await list_courses(client, staying, enrolled="true")) == [course["id"]]
    assert ids(await list_courses(client, owner)) == [course["id"]]


async def test_enrollments_racing_the_courses_deletion_never_outlive_it(
    app: FastAPI, client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    students = [await users.create() for _ in range(5)]
    course = await published_course(client, owner)

    deletion, *enrollments = await asyncio.gather(
        client.delete(course_path(course["id"]), headers=owner.headers),
        *(try_enroll(client, student, course["id"]) for student in students),
    )

    assert deletion.status_code == 204
    assert {response.status_code for response in enrollments} <= {201, 404}
    database: Database = app.state.database
    async with database.session(read_only=True) as session:
        stranded = await session.scalar(
            select(func.count())
            .select_from(Enrollment)
            .join(Course, Enrollment.course_id == Course.id)
            .where(Enrollment.deleted_at.is_(None), Course.deleted_at.is_not(None))
        )
    assert stranded == 0
    for student in students:
        assert (await list_courses(client, student, enrolled="true"))["total"] == 0
