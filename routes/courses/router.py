"""Courses: anyone signed in reads published courses; owners write their own."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from database.models import CourseLevel, CourseStatus
from database.session import DbSession
from routes.courses.dependencies import CourseToChange, VisibleCourse
from routes.courses.schemas import CourseCreate, CourseOut, CourseUpdate
from services import courses as courses_service
from utils.access import CurrentUser
from utils.idempotency import IdempotentRoute
from utils.money import Money
from utils.pagination import Page, PageRequest, page_request
from utils.problems import error_responses
from utils.schemas import SearchText

router = APIRouter(
    prefix="/courses",
    tags=["courses"],
    route_class=IdempotentRoute,
    responses=error_responses(401, 422),
)

CoursesPage = Annotated[
    PageRequest,
    Depends(page_request(sortable=courses_service.SORT_COLUMNS, default="-created_at")),
]


async def course_filters(
    q: Annotated[SearchText | None, Query(description="Text in the title or description.")] = None,
    level: CourseLevel | None = None,
    tag: Annotated[SearchText | None, Query(description="Courses carrying this tag.")] = None,
    max_price: Annotated[Money | None, Query(description="Courses costing at most this.")] = None,
    status_filter: Annotated[
        CourseStatus | None,
        Query(alias="status", description="With `mine=true`: your courses in this status."),
    ] = None,
) -> courses_service.CourseFilters:
    return courses_service.CourseFilters(
        q=q, level=level, tag=tag, max_price=max_price, status=status_filter
    )


CourseListFilters = Annotated[courses_service.CourseFilters, Depends(course_filters)]


@router.get("", name="list")
async def list_courses(
    user: CurrentUser,
    session: DbSession,
    page: CoursesPage,
    filters: CourseListFilters,
    mine: Annotated[bool, Query(description="Your own courses, in any status.")] = False,
    enrolled: Annotated[bool, Query(description="Courses you are enrolled in.")] = False,
) -> Page[CourseOut]:
    """Published courses of everyone, newest first; `mine=true` lists your own in any status,
    `enrolled=true` the published courses you are enrolled in."""
    result = await courses_service.list_courses(
        session, viewer=user, mine=mine, enrolled=enrolled, filters=filters, page=page
    )
    return Page[CourseOut].of(result, page)


@router.post("", name="create", status_code=status.HTTP_201_CREATED)
async def create_course(body: CourseCreate, user: CurrentUser, session: DbSession) -> CourseOut:
    """Offer a course as a draft (default) or already published."""
    course = await courses_service.create_course(session, owner=user, data=body.model_dump())
    return CourseOut.model_validate(course)


@router.get("/{course_id}", name="get", responses=error_responses(404))
async def get_course(course: VisibleCourse) -> CourseOut:
    """A published course, or one of your own."""
    return CourseOut.model_validate(course)


@router.patch("/{course_id}", name="update", responses=error_responses(400, 403, 404))
async def update_course(
    body: CourseUpdate, course: CourseToChange, user: CurrentUser, session: DbSession
) -> CourseOut:
    """Change your course; `status` moves draft→published and published→draft."""
    updated = await courses_service.update_course(
        session, course=course, editor=user, changes=body.changes()
    )
    return CourseOut.model_validate(updated)


@router.delete(
    "/{course_id}",
    name="delete",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(403, 404),
)
async def delete_course(course: CourseToChange, user: CurrentUser, session: DbSession) -> None:
    """Delete your course and every enrollment in it."""
    await courses_service.delete_course(session, course=course, editor=user)
