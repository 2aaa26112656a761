"""Load-or-404 dependencies for `/courses/{course_id}`, shared with the enrollments router."""

import uuid
from typing import Annotated

from fastapi import Depends

from database.models import Course
from database.session import DbSession
from services import courses as courses_service
from utils.access import CurrentUser


async def load_visible_course(
    course_id: uuid.UUID, user: CurrentUser, session: DbSession
) -> Course:
    return await courses_service.get_visible_course(session, viewer=user, course_id=course_id)


async def load_course_to_change(
    course_id: uuid.UUID, user: CurrentUser, session: DbSession
) -> Course:
    return await courses_service.get_visible_course(
        session, viewer=user, course_id=course_id, lock="update"
    )


async def load_course_to_join(
    course_id: uuid.UUID, user: CurrentUser, session: DbSession
) -> Course:
    return await courses_service.get_visible_course(
        session, viewer=user, course_id=course_id, lock="share"
    )


# A course the caller may see: any published one, or one of their own (404 otherwise).
VisibleCourse = Annotated[Course, Depends(load_visible_course)]
# The same, locked for a change that only its owner may make (403 for others).
CourseToChange = Annotated[Course, Depends(load_course_to_change)]
# The same, share-locked while an enrollment is added: it cannot be deleted or unpublished
# meanwhile.
CourseToJoin = Annotated[Course, Depends(load_course_to_join)]
