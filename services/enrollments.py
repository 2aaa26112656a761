"""Enrollments: a student takes a published course of someone else; its owner lists them.

Two parties see an enrollment, so queries start from `involving(Enrollment, user)`: the
student's own (`party="student"`) or those in courses the user owns (`party="course_owner"`).
The course itself is loaded first, through the caller's visibility (`services.courses`), so a
course the caller cannot see is a 404 before anything else is decided.
"""

from typing import Any

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from database.cascades import soft_delete
from database.integrity import is_unique_violation
from database.models import Course, Enrollment, User
from database.pagination import SortColumns, fetch_page
from database.scoping import ensure_owner, involving, locked
from utils.errors import BadRequest, Conflict, NotFound
from utils.pagination import PageRequest, PageResult

logger = structlog.get_logger(__name__)

SORT_COLUMNS: SortColumns = {"enrolled_at": Enrollment.created_at}


def _log(event: str, enrollment: Enrollment, **fields: Any) -> None:
    logger.info(
        event,
        enrollment_id=str(enrollment.id),
        course_id=str(enrollment.course_id),
        student_id=str(enrollment.student_id),
        **fields,
    )


async def enroll(session: AsyncSession, *, student: User, course: Course) -> Enrollment:
    """Enroll the student in a course of someone else, once.

    `course` must have been loaded with `lock="share"`: it cannot be deleted or unpublished
    until this enrollment is stored, so a course's deletion never misses one. One live
    enrollment per student and course is kept by a partial unique index, which also settles
    simultaneous requests: one is stored, the others are 409.
    """
    # Someone else's course is visible only when published, so the owner is the one caller
    # who can reach a draft here.
    if course.owner_id == student.id:
        raise BadRequest("You cannot enroll in your own course.")
    enrollment = Enrollment(course_id=course.id, student_id=student.id)
    try:
        async with session.begin_nested():
            session.add(enrollment)
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        raise Conflict("You are already enrolled in this course.") from None
    _log("student_enrolled", enrollment)
    return enrollment


async def unenroll(session: AsyncSession, *, student: User, course: Course) -> None:
    """Soft-delete the student's enrollment in the course; none is a 404. Enrolling again
    later makes a new enrollment."""
    statement = involving(Enrollment, student.id, party="student").where(
        Enrollment.course_id == course.id
    )
    enrollment = await session.scalar(locked(statement, Enrollment, "update"))
    if enrollment is None:
        raise NotFound("You are not enrolled in this course.")
    await soft_delete(session, enrollment)
    _log("student_unenrolled", enrollment)


async def list_enrollments(
    session: AsyncSession, *, owner: User, course: Course, page: PageRequest
) -> PageResult[Enrollment]:
    """The course's live enrollments, each with its student loaded (`enrollment.student`),
    in one statement; only the course's owner may read them (403 for anyone else).

    A deactivated student stays listed: deactivation locks an account, it does not withdraw
    its enrollments. A deleted one is gone with the account (`database.cascades`).
    """
    ensure_owner(course, owner.id)
    statement = (
        involving(Enrollment, owner.id, party="course_owner")
        .where(Enrollment.course_id == course.id)
        .join(Enrollment.student)
        .options(contains_eager(Enrollment.student))
    )
    return await fetch_page(
        session, statement, request=page, sort_columns=SORT_COLUMNS, tie_breaker=Enrollment.id
    )
