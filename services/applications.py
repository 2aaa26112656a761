"""Applications: a talent applies to an open job; applicant and job owner each move it on.

Two parties see an application, so there is no single owner column to scope by: queries start
from `involving(Application, user)`, the applicant's own applications and those sent to jobs the
user owns, or one side of it (`party="applicant"`, `party="job_owner"`). Who may change what is
decided from the party the caller is, never from the request body.
"""

import uuid
from collections.abc import Mapping
from typing import Any

import structlog
from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from database.cascades import soft_delete
from database.integrity import is_unique_violation
from database.models import ACTIVE_STATUSES, Application, ApplicationStatus, Job, JobStatus, User
from database.pagination import SortColumns, fetch_page
from database.scoping import RowLock, involving, locked
from services import jobs
from utils.errors import BadRequest, Conflict, Forbidden, NotFound
from utils.pagination import PageRequest, PageResult
from utils.transitions import check_move

logger = structlog.get_logger(__name__)

SORT_COLUMNS: SortColumns = {
    "created_at": Application.created_at,
    "updated_at": Application.updated_at,
}

Moves = Mapping[ApplicationStatus, frozenset[ApplicationStatus]]

# The job owner decides; the applicant can only step back. Each side has its own machine.
JOB_OWNER_MOVES: Moves = {
    ApplicationStatus.SUBMITTED: frozenset(
        {ApplicationStatus.REVIEWING, ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED}
    ),
    ApplicationStatus.REVIEWING: frozenset(
        {ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED}
    ),
}
APPLICANT_MOVES: Moves = {
    ApplicationStatus.SUBMITTED: frozenset({ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.REVIEWING: frozenset({ApplicationStatus.WITHDRAWN}),
}


def _targets(moves: Moves) -> frozenset[ApplicationStatus]:
    """Every status a party can ever move an application to."""
    return frozenset(status for targets in moves.values() for status in targets)


JOB_OWNER_TARGETS = _targets(JOB_OWNER_MOVES)
APPLICANT_TARGETS = _targets(APPLICANT_MOVES)


def _with_job(statement: Select[Application]) -> Select[Application]:
    # The job summary rides along in the same query: one statement whatever the page size,
    # and only the summary's columns, not every job's full description.
    return statement.options(
        joinedload(Application.job, innerjoin=True).load_only(
            Job.id, Job.title, Job.company_name, Job.status, raiseload=True
        )
    )


def _visible_to(viewer_id: uuid.UUID) -> Select[Application]:
    return _with_job(involving(Application, viewer_id))


def _log(event: str, application: Application, **fields: Any) -> None:
    logger.info(
        event,
        application_id=str(application.id),
        job_id=str(application.job_id),
        applicant_id=str(application.applicant_id),
        **fields,
    )


async def create_application(
    session: AsyncSession, *, applicant: User, data: Mapping[str, Any]
) -> Application:
    """Apply to a job the applicant can see, that is open, not their own, and not applied to.

    The job is read under a share lock: it cannot be closed or deleted until this application
    is stored, so a job's deletion never misses an application (see `scoping.locked`).
    """
    job = await jobs.get_visible_job(session, viewer=applicant, job_id=data["job_id"], lock="share")
    if job.owner_id == applicant.id:
        raise BadRequest("You cannot apply to your own job.")
    if job.status != JobStatus.OPEN:
        raise BadRequest("This job is not open for applications.")
    active = await session.scalar(
        involving(Application, applicant.id, party="applicant").where(
            Application.job_id == job.id,
            Application.status.in_(ACTIVE_STATUSES),
        )
    )
    if active is not None:
        raise Conflict("You already have an active application to this job.")
    application = Application(applicant_id=applicant.id, job=job, **data)
    try:
        async with session.begin_nested():
            session.add(application)
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        # A concurrent request applied first; the partial unique index caught it.
        raise Conflict("You already have an active application to this job.") from None
    _log("application_submitted", application)
    return application


async def list_my_applications(
    session: AsyncSession, *, applicant: User, status: ApplicationStatus | None, page: PageRequest
) -> PageResult[Application]:
    statement = involving(Application, applicant.id, party="applicant")
    return await _page_of(session, statement, status=status, page=page)


async def list_received_applications(
    session: AsyncSession,
    *,
    owner: User,
    job_id: uuid.UUID | None,
    status: ApplicationStatus | None,
    page: PageRequest,
) -> PageResult[Application]:
    """Applications to the owner's jobs; a `job_id` must name one of those jobs (else 404)."""
    statement = involving(Application, owner.id, party="job_owner")
    if job_id is not None:
        job = await jobs.get_own_job(session, owner=owner, job_id=job_id)
        statement = statement.where(Application.job_id == job.id)
    return await _page_of(session, statement, status=status, page=page)


async def _page_of(
    session: AsyncSession,
    statement: Select[Application],
    *,
    status: ApplicationStatus | None,
    page: PageRequest,
) -> PageResult[Application]:
    """One page of `statement`, each with its job summary, narrowed to `status` if given."""
    if status is not None:
        statement = statement.where(Application.status == status)
    return await fetch_page(
        session,
        _with_job(statement),
        request=page,
        sort_columns=SORT_COLUMNS,
        tie_breaker=Application.id,
    )


async def get_visible_application(
    session: AsyncSession,
    *,
    viewer: User,
    application_id: uuid.UUID,
    lock: RowLock | None = None,
) -> Application:
    """The application if the viewer is its applicant or owns its job; anyone else gets 404.

    Load it with `lock="update"` to change or delete it (see `database.scoping.locked`).
    """
    statement = _visible_to(viewer.id).where(Application.id == application_id)
    application: Application | None = await session.scalar(locked(statement, Application, lock))
    if application is None:
        raise NotFound("Application not found.")
    return application


async def update_application(
    session: AsyncSession, *, application: Application, editor: User, changes: Mapping[str, Any]
) -> Application:
    """Apply the editor's change: the job owner reviews and decides, the applicant withdraws or
    edits the cover letter while the application is still submitted.

    A change that belongs to the other party is 403; a move the editor's machine does not
    allow from the current status is 400. `application` must have been loaded with
    `lock="update"`: the checks read its stored status.
    """
    is_applicant = application.applicant_id == editor.id
    changes = dict(changes)
    target: ApplicationStatus | None = changes.pop("status", None)
    if changes and not is_applicant:
        raise Forbidden("Only the applicant may edit the application.")
    if target in JOB_OWNER_TARGETS and is_applicant:
        raise Forbidden("Only the job owner may review, accept or reject an application.")
    if target in APPLICANT_TARGETS and not is_applicant:
        raise Forbidden("Only the applicant may withdraw an application.")
    if changes and application.status != ApplicationStatus.SUBMITTED:
        raise BadRequest("The cover letter can only change while the application is submitted.")
    if target is not None:
        moves = APPLICANT_MOVES if is_applicant else JOB_OWNER_MOVES
        check_move(moves, application.status, target, what="application")
    application.apply(changes)
    if changes:
        _log("application_updated", application, fields=sorted(changes))
    if target is not None:
        previous, application.status = application.status, target
        _log(
            "application_status_changed", application, previous=previous.value, status=target.value
        )
    await session.flush()
    return application


async def delete_application(
    session: AsyncSession, *, application: Application, editor: User
) -> None:
    """Only the applicant deletes an application; the job owner sees it but may not."""
    if application.applicant_id != editor.id:
        raise Forbidden("Only the applicant may delete an application.")
    await soft_delete(session, application)
    _log("application_deleted", application)
