"""Job postings: anyone signed in reads open jobs; owners write their own."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from database.models import EmploymentType, Job, JobStatus
from database.session import DbSession
from routes.jobs.schemas import JobCreate, JobOut, JobUpdate
from services import jobs as jobs_service
from utils.access import CurrentUser
from utils.idempotency import IdempotentRoute
from utils.pagination import Page, PageRequest, page_request
from utils.problems import error_responses
from utils.schemas import SearchText

router = APIRouter(
    prefix="/jobs", tags=["jobs"], route_class=IdempotentRoute, responses=error_responses(401, 422)
)

JobsPage = Annotated[
    PageRequest,
    Depends(page_request(sortable=jobs_service.SORT_COLUMNS, default="-created_at")),
]


async def job_filters(
    q: Annotated[
        SearchText | None, Query(description="Text in the title, description or company.")
    ] = None,
    location: Annotated[SearchText | None, Query(description="Text in the location.")] = None,
    employment_type: EmploymentType | None = None,
    remote: bool | None = None,
    tag: Annotated[SearchText | None, Query(description="Jobs carrying this tag.")] = None,
    status_filter: Annotated[
        JobStatus | None,
        Query(alias="status", description="With `mine=true`: your jobs in this status."),
    ] = None,
) -> jobs_service.JobFilters:
    return jobs_service.JobFilters(
        q=q,
        location=location,
        employment_type=employment_type,
        remote=remote,
        tag=tag,
        status=status_filter,
    )


JobListFilters = Annotated[jobs_service.JobFilters, Depends(job_filters)]


async def load_visible_job(job_id: uuid.UUID, user: CurrentUser, session: DbSession) -> Job:
    return await jobs_service.get_visible_job(session, viewer=user, job_id=job_id)


async def load_job_to_change(job_id: uuid.UUID, user: CurrentUser, session: DbSession) -> Job:
    return await jobs_service.get_visible_job(session, viewer=user, job_id=job_id, lock="update")


# A job the caller may see (404 otherwise).
VisibleJob = Annotated[Job, Depends(load_visible_job)]
# The same, locked for a change that only its owner may make (403 for others).
JobToChange = Annotated[Job, Depends(load_job_to_change)]


@router.get("", name="list")
async def list_jobs(
    user: CurrentUser,
    session: DbSession,
    page: JobsPage,
    filters: JobListFilters,
    mine: Annotated[bool, Query(description="Your own jobs, in any status.")] = False,
) -> Page[JobOut]:
    """Open jobs of everyone, newest first; `mine=true` lists your own jobs in any status."""
    result = await jobs_service.list_jobs(
        session, viewer=user, mine=mine, filters=filters, page=page
    )
    return Page[JobOut].of(result, page)


@router.post("", name="create", status_code=status.HTTP_201_CREATED)
async def create_job(body: JobCreate, user: CurrentUser, session: DbSession) -> JobOut:
    """Post a job as a draft (default) or already open."""
    job = await jobs_service.create_job(session, owner=user, data=body.model_dump())
    return JobOut.model_validate(job)


@router.get("/{job_id}", name="get", responses=error_responses(404))
async def get_job(job: VisibleJob) -> JobOut:
    """An open or closed job, or one of your own drafts."""
    return JobOut.model_validate(job)


@router.patch("/{job_id}", name="update", responses=error_responses(400, 403, 404))
async def update_job(
    body: JobUpdate, job: JobToChange, user: CurrentUser, session: DbSession
) -> JobOut:
    """Change your job; `status` moves draft→open, open→closed and closed→open."""
    updated = await jobs_service.update_job(session, job=job, editor=user, changes=body.changes())
    return JobOut.model_validate(updated)


@router.delete(
    "/{job_id}",
    name="delete",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(403, 404),
)
async def delete_job(job: JobToChange, user: CurrentUser, session: DbSession) -> None:
    """Delete your job and every application to it."""
    await jobs_service.delete_job(session, job=job, editor=user)
