"""Applications to jobs, seen by two parties: the applicant and the job's owner."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from database.models import Application, ApplicationStatus
from database.session import DbSession
from routes.applications.schemas import ApplicationCreate, ApplicationOut, ApplicationUpdate
from services import applications as applications_service
from utils.access import CurrentUser
from utils.idempotency import IdempotentRoute
from utils.pagination import Page, PageRequest, page_request
from utils.problems import error_responses

router = APIRouter(
    prefix="/applications",
    tags=["applications"],
    route_class=IdempotentRoute,
    responses=error_responses(401, 422),
)

ApplicationsPage = Annotated[
    PageRequest,
    Depends(page_request(sortable=applications_service.SORT_COLUMNS, default="-created_at")),
]
StatusFilter = Annotated[
    ApplicationStatus | None, Query(alias="status", description="Only this status.")
]


async def load_visible_application(
    application_id: uuid.UUID, user: CurrentUser, session: DbSession
) -> Application:
    return await applications_service.get_visible_application(
        session, viewer=user, application_id=application_id
    )


async def load_application_to_change(
    application_id: uuid.UUID, user: CurrentUser, session: DbSession
) -> Application:
    return await applications_service.get_visible_application(
        session, viewer=user, application_id=application_id, lock="update"
    )


# An application the caller sent, or one sent to a job the caller owns (404 otherwise).
VisibleApplication = Annotated[Application, Depends(load_visible_application)]
# The same, locked for a change; which changes the caller may make depends on their side.
ApplicationToChange = Annotated[Application, Depends(load_application_to_change)]


@router.get("", name="list")
async def list_my_applications(
    user: CurrentUser,
    session: DbSession,
    page: ApplicationsPage,
    status_filter: StatusFilter = None,
) -> Page[ApplicationOut]:
    """Your applications, newest first, each with a summary of its job."""
    result = await applications_service.list_my_applications(
        session, applicant=user, status=status_filter, page=page
    )
    return Page[ApplicationOut].of(result, page)


@router.post(
    "",
    name="create",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 404, 409),
)
async def create_application(
    body: ApplicationCreate, user: CurrentUser, session: DbSession
) -> ApplicationOut:
    """Apply to an open job of someone else; one active application per job."""
    application = await applications_service.create_application(
        session, applicant=user, data=body.model_dump()
    )
    return ApplicationOut.model_validate(application)


# Declared before `/{application_id}` so "received" is never read as an id.
@router.get("/received", name="list_received", responses=error_responses(404))
async def list_received_applications(
    user: CurrentUser,
    session: DbSession,
    page: ApplicationsPage,
    job_id: Annotated[uuid.UUID | None, Query(description="Only this job of yours.")] = None,
    status_filter: StatusFilter = None,
) -> Page[ApplicationOut]:
    """Applications to your jobs, newest first."""
    result = await applications_service.list_received_applications(
        session, owner=user, job_id=job_id, status=status_filter, page=page
    )
    return Page[ApplicationOut].of(result, page)


@router.get("/{application_id}", name="get", responses=error_responses(404))
async def get_application(application: VisibleApplication) -> ApplicationOut:
    """An application you sent or received."""
    return ApplicationOut.model_validate(application)


@router.patch("/{application_id}", name="update", responses=error_responses(400, 403, 404))
async def update_application(
    body: ApplicationUpdate,
    application: ApplicationToChange,
    user: CurrentUser,
    session: DbSession,
) -> ApplicationOut:
    """The job owner reviews, accepts or rejects; the applicant withdraws or edits the letter."""
    updated = await applications_service.update_application(
        session, application=application, editor=user, changes=body.changes()
    )
    return ApplicationOut.model_validate(updated)


@router.delete(
    "/{application_id}",
    name="delete",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(403, 404),
)
async def delete_application(
    application: ApplicationToChange, user: CurrentUser, session: DbSession
) -> None:
    """Delete an application you sent."""
    await applications_service.delete_application(session, application=application, editor=user)
