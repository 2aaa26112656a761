"""The talent directory: public profiles of active users, for anyone signed in, read only."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from database.session import DbSession
from routes.talents.schemas import TalentDetailOut, TalentOut
from services import talents as talents_service
from utils.pagination import Page, PageRequest, page_request
from utils.problems import error_responses
from utils.schemas import SearchText

# Signed-in callers only, like every route not listed public (`main.include_api_routers`).
router = APIRouter(prefix="/talents", tags=["talents"], responses=error_responses(401, 422))

TalentsPage = Annotated[
    PageRequest,
    Depends(page_request(sortable=talents_service.SORT_COLUMNS, default="-updated_at")),
]


async def talent_filters(
    q: Annotated[SearchText | None, Query(description="Text in the headline or full name.")] = None,
    skill: Annotated[SearchText | None, Query(description="Talents listing this skill.")] = None,
    location: Annotated[SearchText | None, Query(description="Text in the location.")] = None,
    open_to_work: bool | None = None,
) -> talents_service.TalentFilters:
    return talents_service.TalentFilters(
        q=q, skill=skill, location=location, open_to_work=open_to_work
    )


TalentListFilters = Annotated[talents_service.TalentFilters, Depends(talent_filters)]


@router.get("", name="list")
async def list_talents(
    session: DbSession, page: TalentsPage, filters: TalentListFilters
) -> Page[TalentOut]:
    """Public profiles of active users, most recently updated first."""
    result = await talents_service.list_talents(session, filters=filters, page=page)
    return Page[TalentOut].of(result, page)


@router.get("/{user_id}", name="get", responses=error_responses(404))
async def get_talent(user_id: uuid.UUID, session: DbSession) -> TalentDetailOut:
    """One talent by user id, with bio, experiences and educations; private or missing → 404."""
    profile = await talents_service.get_talent(session, user_id=user_id)
    return TalentDetailOut.model_validate(profile)
