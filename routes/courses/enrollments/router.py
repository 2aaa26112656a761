"""Enrollments in a course: students enroll and leave; the course's owner lists them."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from database.session import DbSession
from routes.courses.dependencies import CourseToJoin, VisibleCourse
from routes.courses.enrollments.schemas import EnrolledStudentOut, EnrollmentOut
from services import enrollments as enrollments_service
from utils.access import CurrentUser
from utils.idempotency import IdempotentRoute
from utils.pagination import Page, PageRequest, page_request
from utils.problems import error_responses

router = APIRouter(
    prefix="/{course_id}",
    tags=["enrollments"],
    route_class=IdempotentRoute,
    responses=error_responses(401, 404, 422),
)

EnrollmentsPage = Annotated[
    PageRequest,
    Depends(page_request(sortable=enrollments_service.SORT_COLUMNS, default="-enrolled_at")),
]


@router.post(
    "/enrollment",
    name="create",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 409),
)
async def enroll(course: CourseToJoin, user: CurrentUser, session: DbSession) -> EnrollmentOut:
    """Enroll in a published course of someone else; once per course."""
    enrollment = await enrollments_service.enroll(session, student=user, course=course)
    return EnrollmentOut.model_validate(enrollment)


@router.delete(
    "/enrollment", name="delete", status_code=status.HTTP_204_NO_CONTENT, response_class=Response
)
async def unenroll(course: VisibleCourse, user: CurrentUser, session: DbSession) -> None:
    """Leave a course you are enrolled in."""
    await enrollments_service.unenroll(session, student=user, course=course)


@router.get("/enrollments", name="list", responses=error_responses(403))
async def list_enrollments(
    course: VisibleCourse, user: CurrentUser, session: DbSession, page: EnrollmentsPage
) -> Page[EnrolledStudentOut]:
    """The students of your course, most recent enrollment first."""
    result = await enrollments_service.list_enrollments(
        session, owner=user, course=course, page=page
    )
    return Page[EnrolledStudentOut].of(result, page)
