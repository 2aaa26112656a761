"""Load-or-404 dependency for the caller's profile, shared by the profile's child routers."""

from typing import Annotated

from fastapi import Depends

from database.models import Profile
from database.session import DbSession
from services import profiles as profiles_service
from utils.access import CurrentUser


async def get_current_profile(user: CurrentUser, session: DbSession) -> Profile:
    return await profiles_service.get_own_profile(session, owner=user)


CurrentProfile = Annotated[Profile, Depends(get_current_profile)]
