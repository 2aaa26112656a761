"""Course and enrollment changes log their events once, with ids only: never a title,
description or email; a refused change logs none."""

import logging
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.courses import (
    course_path,
    create_course,
    enroll,
    patch_course,
    try_enroll,
    unenroll,
)
from tests.helpers.problems import assert_problem, json_body

TITLE, DESCRIPTION, NEW_TITLE = "Secret course 3e9f", "Secret syllabus 6a1c", "Renamed 8d2b"
PREFIXES = ("course_", "student_")


def events(caplog: pytest.LogCaptureFixture, start: int) -> list[dict[str, Any]]:
    return [
        record.msg
        for record in caplog.records[start:]
        if isinstance(record.msg, dict) and record.msg["event"].startswith(PREFIXES)
    ]


async def test_a_courses_life_is_logged_with_ids_only(
    client: AsyncClient, users: AccountFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    owner, student = await users.create(), await users.create()
    start = len(caplog.records)

    course = await create_course(client, owner, title=TITLE, description=DESCRIPTION)
    json_body(await patch_course(client, owner, course["id"], title=NEW_TITLE, status="published"))
    enrollment = await enroll(client, student, course["id"])
    assert (await unenroll(client, student, course["id"])).status_code == 204
    json_body(await patch_course(client, owner, course["id"], status="draft"))
    assert (
        await client.delete(course_path(course["id"]), headers=owner.headers)
    ).status_code == 204

    of_course = {"course_id": course["id"], "owner_id": str(owner.id)}
    of_enrollment = {
        "enrollment_id": enrollment["id"],
        "course_id": course["id"],
        "student_id": str(student.id),
    }
    expected = [
        ("course_created", {**of_course, "status": "draft"}),
        ("course_updated", {**of_course, "fields": ["title"]}),
        ("course_published", of_course),
        ("student_enrolled", of_enrollment),
        ("student_unenrolled", of_enrollment),
        ("course_unpublished", of_course),
        ("course_deleted", of_course),
    ]
    logged = events(caplog, start)
    assert [event["event"] for event in logged] == [name for name, _ in expected]
    for event, (name, fields) in zip(logged, expected, strict=True):
        assert fields.items() <= event.items(), name
    text = "\n".join(str(record.msg) for record in caplog.records[start:])
    for secret in (TITLE, DESCRIPTION, NEW_TITLE, owner.email, student.email):
        assert secret not in text


async def test_created_published_logs_both_events(
    client: AsyncClient, users: AccountFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    owner = await users.create()
    start = len(caplog.records)
    course = await create_course(client, owner, status="published")
    names = [event["event"] for event in events(caplog, start)]
    assert names == ["course_created", "course_published"]
    assert events(caplog, start)[0]["status"] == "published"
    assert all(event["course_id"] == course["id"] for event in events(caplog, start))


async def test_refused_changes_log_nothing(
    client: AsyncClient, users: AccountFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    owner, student = await users.create(), await users.create()
    course = await create_course(client, owner, status="published")
    await enroll(client, student, course["id"])
    start = len(caplog.records)

    refused = [
        (await patch_course(client, owner, course["id"], status="published"), 400),
        (await patch_course(client, student, course["id"], title="Mine now"), 403),
        (await try_enroll(client, student, course["id"]), 409),
        (await try_enroll(client, owner, course["id"]), 400),
    ]
    for response, status in refused:
        assert response.status_code == status, response.text
    assert_problem(refused[0][0], 400, "invalid_transition")
    assert events(caplog, start) == []
