"""Courses: written by their owner, read by everyone once published, deleted with their
enrollments."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import structlog
from sqlalchemy import Select, String, func
from sqlalchemy.ext.asyncio import AsyncSession

from database.cascades import soft_delete
from database.json_arrays import json_array_contains
from database.models import Course, CourseLevel, CourseStatus, Enrollment, User
from database.pagination import SortColumns, fetch_page, substring_filter
from database.scoping import RowLock, ensure_owner, involving, live, locked, owned_by, visible_to
from utils.errors import NotFound
from utils.pagination import PageRequest, PageResult
from utils.transitions import check_move

logger = structlog.get_logger(__name__)

SORT_COLUMNS: SortColumns = {
    "created_at": Course.created_at,
    "price": Course.price,
    # Alphabetical as people read it, on both databases (as for jobs).
    "title": func.lower(Course.title, type_=String()),
}

# A published course may go back to draft (withdrawn from the catalogue, enrollments kept)
# and be published again.
MOVES: Mapping[CourseStatus, frozenset[CourseStatus]] = {
    CourseStatus.DRAFT: frozenset({CourseStatus.PUBLISHED}),
    CourseStatus.PUBLISHED: frozenset({CourseStatus.DRAFT}),
}
MOVE_EVENTS = {CourseStatus.PUBLISHED: "course_published", CourseStatus.DRAFT: "course_unpublished"}

# Published courses are public; a draft is seen by its owner alone.
PUBLICLY_VISIBLE = Course.status == CourseStatus.PUBLISHED


@dataclass(frozen=True, kw_only=True)
class CourseFilters:
    q: str | None = None
    level: CourseLevel | None = None
    tag: str | None = None
    max_price: Decimal | None = None
    status: CourseStatus | None = None


def _log(event: str, course: Course, **fields: Any) -> None:
    logger.info(event, course_id=str(course.id), owner_id=str(course.owner_id), **fields)


def _listed(viewer: User, *, mine: bool, enrolled: bool) -> Select[Course]:
    """The courses a list starts from: published ones, or the viewer's own in any status;
    `enrolled` keeps those the viewer is enrolled in (a course back in draft is hidden from
    its students). Both flags together narrow like any two filters, and as nobody enrols in
    their own course, they list nothing: an empty page, not an error, so that every
    combination of documented parameters is a valid request."""
    courses = owned_by(Course, viewer.id) if mine else live(Course).where(PUBLICLY_VISIBLE)
    if not enrolled:
        return courses
    taken = involving(Enrollment, viewer.id, party="student").with_only_columns(
        Enrollment.course_id
    )
    return courses.where(Course.id.in_(taken))


async def list_courses(
    session: AsyncSession,
    *,
    viewer: User,
    mine: bool,
    enrolled: bool,
    filters: CourseFilters,
    page: PageRequest,
) -> PageResult[Course]:
    """Everyone's published courses; with `mine`, the viewer's own in any status; with
    `enrolled`, the published courses the viewer is enrolled in."""
    statement = _listed(viewer, mine=mine, enrolled=enrolled)
    if filters.status is not None:
        statement = statement.where(Course.status == filters.status)
    if filters.q:
        statement = statement.where(substring_filter(filters.q, Course.title, Course.description))
    if filters.level is not None:
        statement = statement.where(Course.level == filters.level)
    if filters.tag:
        statement = statement.where(json_array_contains(Course.tags, filters.tag.lower()))
    if filters.max_price is not None:
        statement = statement.where(Course.price <= filters.max_price)
    return await fetch_page(
        session, statement, request=page, sort_columns=SORT_COLUMNS, tie_breaker=Course.id
    )


async def create_course(session: AsyncSession, *, owner: User, data: Mapping[str, Any]) -> Course:
    """Store a new course as a draft or, if asked, already published."""
    course = Course(owner_id=owner.id, **data)
    session.add(course)
    await session.flush()
    _log("course_created", course, status=str(course.status))
    if course.status == CourseStatus.PUBLISHED:
        _log("course_published", course)
    return course


async def get_visible_course(
    session: AsyncSession, *, viewer: User, course_id: uuid.UUID, lock: RowLock | None = None
) -> Course:
    """The course if the viewer may see it: any published course, or one of their own.

    Load it with `lock="update"` to change or delete it, `lock="share"` to rely on its state
    while enrolling (see `database.scoping.locked`).
    """
    statement = visible_to(Course, viewer.id, public=PUBLICLY_VISIBLE).where(Course.id == course_id)
    course: Course | None = await session.scalar(locked(statement, Course, lock))
    if course is None:
        raise NotFound("Course not found.")
    return course


async def update_course(
    session: AsyncSession, *, course: Course, editor: User, changes: Mapping[str, Any]
) -> Course:
    """Apply the owner's partial update; a `status` in it moves the course along its machine.

    `course` must have been loaded with `lock="update"`: the move is checked against its
    stored status.
    """
    ensure_owner(course, editor.id)
    changes = dict(changes)
    target: CourseStatus | None = changes.pop("status", None)
    if target is not None:
        check_move(MOVES, course.status, target, what="course")
    course.apply(changes)
    if changes:
        _log("course_updated", course, fields=sorted(changes))
    if target is not None:
        course.status = target
        _log(MOVE_EVENTS[target], course)
    await session.flush()
    return course


async def delete_course(session: AsyncSession, *, course: Course, editor: User) -> None:
    """Soft-delete the owner's course and every enrollment in it.

    `course` must have been loaded with `lock="update"`, so no enrollment can be added between
    the cascade and the course's own deletion.
    """
    ensure_owner(course, editor.id)
    await soft_delete(session, course)
    _log("course_deleted", course)
