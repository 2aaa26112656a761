"""Admin-only management of user accounts."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from database.models import UserRole
from database.session import DbSession
from routes.auth.schemas import UserOut
from routes.users.schemas import UserAdminUpdate
from services import users as users_service
from utils.access import AdminUser, get_admin_user
from utils.pagination import Page, PageRequest, page_request
from utils.problems import error_responses
from utils.schemas import SearchText

router = APIRouter(
    prefix="/users",
    tags=["users"],
    dependencies=[Depends(get_admin_user)],
    responses=error_responses(401, 403, 422),
)

UsersPage = Annotated[
    PageRequest,
    Depends(page_request(sortable=users_service.SORT_COLUMNS, default="-created_at")),
]


@router.get("", name="list")
async def list_users(
    session: DbSession,
    page: UsersPage,
    q: Annotated[SearchText | None, Query()] = None,
    role: UserRole | None = None,
    is_active: bool | None = None,
) -> Page[UserOut]:
    """Every live account; `q` searches email and full name."""
    result = await users_service.list_users(session, page=page, q=q, role=role, is_active=is_active)
    return Page[UserOut].of(result, page)


@router.get("/{user_id}", name="get", responses=error_responses(404))
async def get_user(user_id: uuid.UUID, session: DbSession) -> UserOut:
    """One account by id."""
    return UserOut.model_validate(await users_service.get_user(session, user_id=user_id))


@router.patch("/{user_id}", name="update", responses=error_responses(404, 409))
async def update_user(
    user_id: uuid.UUID, body: UserAdminUpdate, admin: AdminUser, session: DbSession
) -> UserOut:
    """Change a user's name, role or active flag; deactivation ends all their sessions."""
    user = await users_service.admin_update_user(
        session, admin=admin, user_id=user_id, changes=body.changes()
    )
    return UserOut.model_validate(user)
