"""Education entries of the caller's profile."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from database.models import Education
from database.session import DbSession
from routes.profile.dependencies import CurrentProfile
from routes.profile.educations.schemas import EducationCreate, EducationOut, EducationUpdate
from services import profile_entries
from utils.idempotency import IdempotentRoute
from utils.pagination import Page, PageRequest, page_request
from utils.problems import error_responses

router = APIRouter(
    prefix="/educations",
    tags=["educations"],
    route_class=IdempotentRoute,
    responses=error_responses(401, 404, 422),
)

EducationsPage = Annotated[
    PageRequest,
    Depends(page_request(sortable=profile_entries.SORT_FIELDS, default="-start_date")),
]


async def get_education(
    education_id: uuid.UUID, profile: CurrentProfile, session: DbSession
) -> Education:
    return await profile_entries.get_entry(
        session, Education, profile=profile, entry_id=education_id
    )


PathEducation = Annotated[Education, Depends(get_education)]


@router.get("", name="list")
async def list_educations(
    profile: CurrentProfile, session: DbSession, page: EducationsPage
) -> Page[EducationOut]:
    """The profile's educations, newest start date first."""
    result = await profile_entries.list_entries(session, Education, profile=profile, page=page)
    return Page[EducationOut].of(result, page)


@router.post("", name="create", status_code=status.HTTP_201_CREATED)
async def create_education(
    body: EducationCreate, profile: CurrentProfile, session: DbSession
) -> EducationOut:
    """Add an education; `end_date` null means ongoing, and may not precede `start_date`."""
    education = await profile_entries.create_entry(
        session, Education, profile=profile, data=body.model_dump()
    )
    return EducationOut.model_validate(education)


@router.get("/{education_id}", name="get")
async def get_education_by_id(education: PathEducation) -> EducationOut:
    """One education of the profile."""
    return EducationOut.model_validate(education)


@router.patch("/{education_id}", name="update")
async def update_education(
    body: EducationUpdate, education: PathEducation, session: DbSession
) -> EducationOut:
    """Change some fields; the date order is checked against the stored values too."""
    updated = await profile_entries.update_entry(session, entry=education, changes=body.changes())
    return EducationOut.model_validate(updated)


@router.delete(
    "/{education_id}",
    name="delete",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
async def delete_education(education: PathEducation, session: DbSession) -> None:
    """Delete one education."""
    await profile_entries.delete_entry(session, entry=education)
