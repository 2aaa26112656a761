"""Jobs: written by their owner, read by everyone once open, deleted with their applications."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import String, func
from sqlalchemy.ext.asyncio import AsyncSession

from database.cascades import soft_delete
from database.json_arrays import json_array_contains
from database.models import EmploymentType, Job, JobStatus, User
from database.pagination import SortColumns, fetch_page, substring_filter
from database.scoping import (
    RowLock,
    ensure_owner,
    live,
    locked,
    owned_by,
    visible_to,
)
from database.text_search import jobs_matching
from database.types import utcnow
from utils.errors import InvalidFields, NotFound
from utils.pagination import PageRequest, PageResult
from utils.transitions import check_move

logger = structlog.get_logger(__name__)

SORT_COLUMNS: SortColumns = {
    "created_at": Job.created_at,
    "salary_max": Job.salary_max,
    # Alphabetical as people read it: "beta" between "Alpha" and "Gamma", on both databases.
    "title": func.lower(Job.title, type_=String()),
}

# draft → open → closed → open ...; a job never returns to draft.
MOVES: Mapping[JobStatus, frozenset[JobStatus]] = {
    JobStatus.DRAFT: frozenset({JobStatus.OPEN}),
    JobStatus.OPEN: frozenset({JobStatus.CLOSED}),
    JobStatus.CLOSED: frozenset({JobStatus.OPEN}),
}

# Open and closed jobs are public; a draft is seen by its owner alone.
PUBLICLY_VISIBLE = Job.status != JobStatus.DRAFT
# The board everyone reads; built once, as statements never change (each `.where` makes a new
# one), so the most frequent request does not compose it anew.
OPEN_JOBS = live(Job).where(Job.status == JobStatus.OPEN)


@dataclass(frozen=True, kw_only=True)
class JobFilters:
    q: str | None = None
    location: str | None = None
    employment_type: EmploymentType | None = None
    remote: bool | None = None
    tag: str | None = None
    status: JobStatus | None = None


def check_salary(values: Mapping[str, Any]) -> None:
    """A salary range needs its currency and must not be upside down (422 on the body)."""
    low, high = values.get("salary_min"), values.get("salary_max")
    errors = []
    if low is not None and high is not None and high < low:
        errors.append(
            {"loc": ["body", "salary_max"], "msg": "must not be below salary_min", "type": "range"}
        )
    if (low is not None or high is not None) and values.get("currency") is None:
        errors.append(
            {"loc": ["body", "currency"], "msg": "is required with a salary", "type": "missing"}
        )
    if errors:
        raise InvalidFields(errors, detail="; ".join(f"{e['loc'][-1]} {e['msg']}" for e in errors))


def _log(event: str, job: Job, **fields: Any) -> None:
    logger.info(event, job_id=str(job.id), owner_id=str(job.owner_id), **fields)


async def list_jobs(
    session: AsyncSession, *, viewer: User, mine: bool, filters: JobFilters, page: PageRequest
) -> PageResult[Job]:
    """Everyone's open jobs; with `mine`, the viewer's own jobs in any status.

    Outside `mine` the listing is open jobs only, so a `status` filter can narrow it to open
    jobs but never widens it to someone's drafts or closed jobs.
    """
    statement = owned_by(Job, viewer.id) if mine else OPEN_JOBS
    if filters.status is not None:
        statement = statement.where(Job.status == filters.status)
    if filters.q:
        statement = statement.where(jobs_matching(filters.q))
    if filters.location:
        statement = statement.where(substring_filter(filters.location, Job.location))
    if filters.employment_type is not None:
        statement = statement.where(Job.employment_type == filters.employment_type)
    if filters.remote is not None:
        statement = statement.where(Job.remote.is_(filters.remote))
    if filters.tag:
        statement = statement.where(json_array_contains(Job.tags, filters.tag.lower()))
    return await fetch_page(
        session, statement, request=page, sort_columns=SORT_COLUMNS, tie_breaker=Job.id
    )


async def create_job(session: AsyncSession, *, owner: User, data: Mapping[str, Any]) -> Job:
    """Store a new job as a draft or, if asked, already open (and so published now)."""
    check_salary(data)
    job = Job(owner_id=owner.id, **data)
    if job.status == JobStatus.OPEN:
        job.published_at = utcnow()
    session.add(job)
    await session.flush()
    _log("job_created", job, status=str(job.status))
    if job.status == JobStatus.OPEN:
        _log("job_opened", job)
    return job


async def get_visible_job(
    session: AsyncSession, *, viewer: User, job_id: uuid.UUID, lock: RowLock | None = None
) -> Job:
    """The job if the viewer may see it: any open or closed job, or one of their own drafts.

    Load it with `lock="update"` to change or delete it, `lock="share"` to rely on its state
    (see `database.scoping.locked`).
    """
    statement = visible_to(Job, viewer.id, public=PUBLICLY_VISIBLE).where(Job.id == job_id)
    job: Job | None = await session.scalar(locked(statement, Job, lock))
    if job is None:
        raise NotFound("Job not found.")
    return job


async def get_own_job(session: AsyncSession, *, owner: User, job_id: uuid.UUID) -> Job:
    """One of the owner's live jobs; anyone else's, even an open one, is not found."""
    job: Job | None = await session.scalar(owned_by(Job, owner.id).where(Job.id == job_id))
    if job is None:
        raise NotFound("Job not found.")
    return job


async def update_job(
    session: AsyncSession, *, job: Job, editor: User, changes: Mapping[str, Any]
) -> Job:
    """Apply the owner's partial update; a `status` in it moves the job along its machine.

    `job` must have been loaded with `lock="update"`: the checks below read its stored values.
    """
    ensure_owner(job, editor.id)
    changes = dict(changes)
    target: JobStatus | None = changes.pop("status", None)
    if target is not None:
        check_move(MOVES, job.status, target, what="job")
    check_salary(
        {
            field: changes.get(field, getattr(job, field))
            for field in ("salary_min", "salary_max", "currency")
        }
    )
    job.apply(changes)
    if changes:
        _log("job_updated", job, fields=sorted(changes))
    if target is not None:
        _move(job, target)
    await session.flush()
    return job


def _move(job: Job, target: JobStatus) -> None:
    if target == JobStatus.CLOSED:
        event = "job_closed"
    elif job.status == JobStatus.CLOSED:
        event = "job_reopened"
    else:
        event = "job_opened"
    if target == JobStatus.OPEN and job.published_at is None:
        job.published_at = utcnow()
    job.status = target
    _log(event, job)


async def delete_job(session: AsyncSession, *, job: Job, editor: User) -> None:
    """Soft-delete the owner's job and every application to it.

    `job` must have been loaded with `lock="update"`, so no application can be added between
    the cascade and the job's own deletion.
    """
    ensure_owner(job, editor.id)
    await soft_delete(session, job)
    _log("job_deleted", job)
