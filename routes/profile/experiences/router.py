"""Work experience entries of the caller's profile."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from database.models import Experience
from database.session import DbSession
from routes.profile.dependencies import CurrentProfile
from routes.profile.experiences.schemas import ExperienceCreate, ExperienceOut, ExperienceUpdate
from services import profile_entries
from utils.idempotency import IdempotentRoute
from utils.pagination import Page, PageRequest, page_request
from utils.problems import error_responses

router = APIRouter(
    prefix="/experiences",
    tags=["experiences"],
    route_class=IdempotentRoute,
    responses=error_responses(401, 404, 422),
)

ExperiencesPage = Annotated[
    PageRequest,
    Depends(page_request(sortable=profile_entries.SORT_FIELDS, default="-start_date")),
]


async def get_experience(
    experience_id: uuid.UUID, profile: CurrentProfile, session: DbSession
) -> Experience:
    return await profile_entries.get_entry(
        session, Experience, profile=profile, entry_id=experience_id
    )


PathExperience = Annotated[Experience, Depends(get_experience)]


@router.get("", name="list")
async def list_experiences(
    profile: CurrentProfile, session: DbSession, page: ExperiencesPage
) -> Page[ExperienceOut]:
    """The profile's experiences, newest start date first."""
    result = await profile_entries.list_entries(session, Experience, profile=profile, page=page)
    return Page[ExperienceOut].of(result, page)


@router.post("", name="create", status_code=status.HTTP_201_CREATED)
async def create_experience(
    body: ExperienceCreate, profile: CurrentProfile, session: DbSession
) -> ExperienceOut:
    """Add an experience; `end_date` null means current, and may not precede `start_date`."""
    experience = await profile_entries.create_entry(
        session, Experience, profile=profile, data=body.model_dump()
    )
    return ExperienceOut.model_validate(experience)


@router.get("/{experience_id}", name="get")
async def get_experience_by_id(experience: PathExperience) -> ExperienceOut:
    """One experience of the profile."""
    return ExperienceOut.model_validate(experience)


@router.patch("/{experience_id}", name="update")
async def update_experience(
    body: ExperienceUpdate, experience: PathExperience, session: DbSession
) -> ExperienceOut:
    """Change some fields; the date order is checked against the stored values too."""
    updated = await profile_entries.update_entry(session, entry=experience, changes=body.changes())
    return ExperienceOut.model_validate(updated)


@router.delete(
    "/{experience_id}",
    name="delete",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
async def delete_experience(experience: PathExperience, session: DbSession) -> None:
    """Delete one experience."""
    await profile_entries.delete_entry(session, entry=experience)
