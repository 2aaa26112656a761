"""Who is calling: authentication by default, the few public endpoints, admin checks.

Every route under `/api/v1` passes through `authenticate` (installed once on the API router in
`main.py`). A route is public only if its operation id is listed in `PUBLIC_OPERATIONS` below;
forgetting to protect a new route is therefore impossible, and `tests/test_public_routes.py`
keeps this list and SPEC §2 in step.
"""

import uuid
from dataclasses import dataclass
from typing import Annotated, Any

import structlog
from fastapi import Depends, Request
from fastapi.routing import APIRoute
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from database.engine import Database
from database.models import User, UserRole
from database.session import SAFE_METHODS, AppDatabase, DbSession
from services import auth as auth_service
from utils.errors import Forbidden, Unauthorized

PUBLIC_OPERATIONS = frozenset(
    {
        "auth-register",
        "auth-login",
        "auth-token",
        "auth-refresh",
        "auth-password_reset_request",
        "auth-password_reset_confirm",
        "news-list",
        "news-get",
        "news-webhook",
    }
)

bearer_token = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
BearerToken = Annotated[str | None, Depends(bearer_token)]


async def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(get_app_settings)]


def operation_id(route: APIRoute) -> str:
    """`{tag}-{name}`: the OpenAPI operation id, and the key of `PUBLIC_OPERATIONS`.

    The last tag is the most specific one: a child router (experiences) inherits its
    parent's tag (profile) in front of its own.
    """
    return f"{route.tags[-1]}-{route.name}" if route.tags else route.name


def unmark_public_operations(openapi_schema: dict[str, Any]) -> dict[str, Any]:
    """Drop the bearer requirement OpenAPI inherits from the API router on public operations,
    so Swagger and generated clients call them without a token."""
    for path_item in openapi_schema.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and operation.get("operationId") in PUBLIC_OPERATIONS:
                operation.pop("security", None)
    return openapi_schema


def is_public(request: Request) -> bool:
    route = request.scope.get("route")
    return isinstance(route, APIRoute) and operation_id(route) in PUBLIC_OPERATIONS


async def authenticate(
    request: Request,
    database: AppDatabase,
    session: DbSession,
    settings: AppSettings,
    token: BearerToken,
) -> None:
    """Resolve the bearer token to a user, unless the route is public."""
    if is_public(request):
        return
    await sign_in(request, database=database, session=session, settings=settings, token=token)


async def sign_in(
    request: Request,
    *,
    database: Database,
    session: AsyncSession,
    settings: Settings,
    token: str | None,
) -> User:
    """The user the bearer token speaks for, remembered as the request's caller (401 if none).

    A read request looks the user up in its own session, which is read-only already. A write
    request looks it up in a short read-only session and attaches the user to its own session
    without a query (`merge(load=False)`): it therefore opens its transaction (on SQLite,
    takes the write lock) only when its service first writes, not for the whole request, and
    slow work before that (password checks) holds no lock.
    """
    if not token:
        raise Unauthorized()
    if request.method in SAFE_METHODS:  # the request's session is the read-only kind
        user = await auth_service.user_for_access_token(session, settings=settings, token=token)
    else:
        async with database.session(read_only=True) as lookup:
            found = await auth_service.user_for_access_token(lookup, settings=settings, token=token)
        user = await session.merge(found, load=False)
    request.state.user = user
    remember_caller(request, user.id)
    return user


def remember_caller(request: Request, user_id: uuid.UUID) -> None:
    """Name the caller in the access line and in every log event of this request."""
    request.state.user_id = str(user_id)
    structlog.contextvars.bind_contextvars(user_id=str(user_id))


async def get_current_user(request: Request) -> User:
    user = getattr(request.state, "user", None)
    if not isinstance(user, User):
        raise Unauthorized()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_admin_user(user: CurrentUser) -> User:
    if user.role != UserRole.ADMIN:
        raise Forbidden("This action needs an admin.")
    return user


AdminUser = Annotated[User, Depends(get_admin_user)]


@dataclass(frozen=True)
class CallerOnDemand:
    """The caller of a public route, signed in only if the route asks: a flag that widens a
    public read to an admin's view needs the token, the plain public read never touches it
    (a bad or absent token there is ignored, and costs no query)."""

    request: Request
    database: Database
    session: AsyncSession
    settings: Settings
    token: str | None

    async def admin(self) -> User:
        """The signed-in caller if an admin: 401 without a valid token, 403 for a non-admin."""
        user = await sign_in(
            self.request,
            database=self.database,
            session=self.session,
            settings=self.settings,
            token=self.token,
        )
        return await get_admin_user(user)


async def get_caller_on_demand(
    request: Request,
    database: AppDatabase,
    session: DbSession,
    settings: AppSettings,
    token: BearerToken,
) -> CallerOnDemand:
    return CallerOnDemand(request, database, session, settings, token)


OnDemandCaller = Annotated[CallerOnDemand, Depends(get_caller_on_demand)]
