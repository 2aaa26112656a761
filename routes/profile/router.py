"""The caller's own profile (one per user)."""

from fastapi import APIRouter, Response, status

from database.session import DbSession
from routes.profile.dependencies import CurrentProfile
from routes.profile.schemas import ProfileIn, ProfileOut, ProfileUpdate
from services import profiles as profiles_service
from utils.access import CurrentUser
from utils.problems import error_responses

router = APIRouter(prefix="/profile", tags=["profile"], responses=error_responses(401))


@router.get("", name="get", responses=error_responses(404))
async def get_profile(profile: CurrentProfile) -> ProfileOut:
    """The caller's profile; 404 until it has been created."""
    return ProfileOut.model_validate(profile)


@router.put(
    "",
    name="replace",
    responses={**error_responses(422), 201: {"model": ProfileOut, "description": "Created"}},
)
async def replace_profile(
    body: ProfileIn, user: CurrentUser, session: DbSession, response: Response
) -> ProfileOut:
    """Create the profile (201) or replace all of its fields (200)."""
    profile, created = await profiles_service.replace_profile(
        session, owner=user, data=body.model_dump()
    )
    if created:
        response.status_code = status.HTTP_201_CREATED
    return ProfileOut.model_validate(profile)


@router.patch("", name="update", responses=error_responses(404, 422))
async def update_profile(
    body: ProfileUpdate, profile: CurrentProfile, session: DbSession
) -> ProfileOut:
    """Change some fields of the profile."""
    updated = await profiles_service.update_profile(
        session, profile=profile, changes=body.changes()
    )
    return ProfileOut.model_validate(updated)


@router.delete(
    "",
    name="delete",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(404),
)
async def delete_profile(profile: CurrentProfile, session: DbSession) -> None:
    """Delete the profile together with its experiences and educations."""
    await profiles_service.delete_profile(session, profile=profile)
