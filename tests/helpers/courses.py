"""Requests for the course and enrollment tests: bodies, paths and the calls they share."""

from typing import Any

from httpx import AsyncClient, Response

from tests.helpers.accounts import Account
from tests.helpers.jobs import JOB_SERVER_FIELDS
from tests.helpers.problems import json_body

COURSES = "/api/v1/courses"
COURSE_FIELDS = {
    "id",
    "created_at",
    "updated_at",
    "owner_id",
    "title",
    "description",
    "provider",
    "url",
    "level",
    "duration_hours",
    "price",
    "currency",
    "tags",
    "status",
}
ENROLLMENT_FIELDS = {"id", "created_at", "updated_at", "course_id", "user_id", "enrolled_at"}
ENROLLED_STUDENT_FIELDS = {"user_id", "full_name", "enrolled_at"}
# Fields only the server sets, with values a client might try to force on a course.
COURSE_SERVER_FIELDS = {k: v for k, v in JOB_SERVER_FIELDS.items() if k != "published_at"}


def course_body(**overrides: Any) -> dict[str, Any]:
    """A valid create body for a draft course; keyword arguments replace or add fields."""
    body: dict[str, Any] = {
        "title": "Async Python",
        "description": "Event loops, tasks and structured concurrency.",
        "level": "intermediate",
        "duration_hours": 12,
        "price": "49.99",
        "currency": "eur",
    }
    return {**body, **overrides}


def course_path(course_id: str) -> str:
    return f"{COURSES}/{course_id}"


def enrollment_path(course_id: str) -> str:
    """Where the caller enrolls in (POST) or leaves (DELETE) a course."""
    return f"{course_path(course_id)}/enrollment"


def enrollments_path(course_id: str) -> str:
    """The owner's list of a course's students."""
    return f"{course_path(course_id)}/enrollments"


async def create_course(client: AsyncClient, owner: Account, **overrides: Any) -> dict[str, Any]:
    """Post a course (a draft unless `status="published"` is given) and return its body."""
    response = await client.post(COURSES, headers=owner.headers, json=course_body(**overrides))
    return json_body(response, 201)


async def published_course(client: AsyncClient, owner: Account, **overrides: Any) -> dict[str, Any]:
    return await create_course(client, owner, **{"status": "published", **overrides})


async def patch_course(
    client: AsyncClient, user: Account, course_id: str, **changes: Any
) -> Response:
    return await client.patch(course_path(course_id), headers=user.headers, json=changes)


async def get_course(client: AsyncClient, user: Account, course_id: str) -> Response:
    return await client.get(course_path(course_id), headers=user.headers)


async def list_courses(client: AsyncClient, user: Account, **params: Any) -> dict[str, Any]:
    """One page of GET /courses as `user`, expecting 200."""
    return json_body(await client.get(COURSES, headers=user.headers, params=params))


async def try_enroll(client: AsyncClient, student: Account, course_id: str) -> Response:
    return await client.post(enrollment_path(course_id), headers=student.headers)


async def enroll(client: AsyncClient, student: Account, course_id: str) -> dict[str, Any]:
    """Enroll `student` in the course and return the new enrollment's body."""
    return json_body(await try_enroll(client, student, course_id), 201)


async def unenroll(client: AsyncClient, student: Account, course_id: str) -> Response:
    return await client.delete(enrollment_path(course_id), headers=student.headers)


async def list_enrollments(
    client: AsyncClient, user: Account, course_id: str, **params: Any
) -> Response:
    return await client.get(enrollments_path(course_id), headers=user.headers, params=params)


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


def student_ids(page: dict[str, Any]) -> list[str]:
    """The `user_id` of each row of a course's enrollments page, in the order given."""
    return [item["user_id"] for item in page["items"]]
