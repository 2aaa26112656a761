"""Registration, login, token rotation and the caller's own account."""

from typing import Annotated

from fastapi import APIRouter, Form, Response, status

from database.session import AppDatabase, DbSession
from routes.auth.schemas import (
    ChangePasswordIn,
    LoginIn,
    MeUpdate,
    PasswordGrantForm,
    PasswordResetConfirmIn,
    PasswordResetRequestIn,
    RefreshIn,
    RegisterIn,
    TokenOut,
    UserOut,
)
from services import auth as auth_service
from services import password_reset as password_reset_service
from services import tokens as tokens_service
from services import users as users_service
from services.tokens import TokenPair
from utils.access import AppSettings, CurrentUser
from utils.problems import error_responses
from utils.rate_limits import limit_auth_attempts

router = APIRouter(prefix="/auth", tags=["auth"])

PasswordForm = Annotated[PasswordGrantForm, Form()]


def _token_response(pair: TokenPair, response: Response) -> TokenOut:
    # Tokens must never sit in a browser or proxy cache (RFC 6749 §5.1).
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return TokenOut(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
    )


@router.post(
    "/register",
    name="register",
    status_code=status.HTTP_201_CREATED,
    dependencies=[limit_auth_attempts()],
    responses=error_responses(409, 422, 429),
)
async def register(body: RegisterIn, session: DbSession) -> UserOut:
    """Create an account; the email must not belong to another live account."""
    user = await auth_service.register(
        session, email=body.email, password=body.password, full_name=body.full_name
    )
    return UserOut.model_validate(user)


@router.post(
    "/login",
    name="login",
    dependencies=[limit_auth_attempts(per_ip_and_email="email")],
    responses=error_responses(401, 422, 429),
)
async def login(
    body: LoginIn,
    session: DbSession,
    database: AppDatabase,
    settings: AppSettings,
    response: Response,
) -> TokenOut:
    """Exchange email and password (JSON) for an access and a refresh token."""
    pair = await auth_service.login(
        session, database=database, settings=settings, email=body.email, password=body.password
    )
    return _token_response(pair, response)


@router.post(
    "/token",
    name="token",
    dependencies=[limit_auth_attempts(per_ip_and_email="username")],
    responses=error_responses(401, 422, 429),
)
async def token(
    form: PasswordForm,
    session: DbSession,
    database: AppDatabase,
    settings: AppSettings,
    response: Response,
) -> TokenOut:
    """OAuth2 password flow (form fields `username`, `password`); used by Swagger's Authorize."""
    pair = await auth_service.login(
        session, database=database, settings=settings, email=form.username, password=form.password
    )
    return _token_response(pair, response)


@router.post("/refresh", name="refresh", responses=error_responses(401, 422))
async def refresh(
    body: RefreshIn, session: DbSession, settings: AppSettings, response: Response
) -> TokenOut:
    """Spend a refresh token for a new pair; reusing a spent one revokes that login."""
    pair = await tokens_service.rotate_refresh_token(
        session, settings=settings, refresh_token=body.refresh_token
    )
    return _token_response(pair, response)


@router.post(
    "/logout",
    name="logout",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(401, 422),
)
async def logout(body: RefreshIn, user: CurrentUser, session: DbSession) -> None:
    """Revoke the login the refresh token belongs to; other logins stay signed in."""
    await tokens_service.revoke_presented_family(
        session, user=user, refresh_token=body.refresh_token
    )


@router.get("/me", name="me", responses=error_responses(401))
async def read_me(user: CurrentUser) -> UserOut:
    """The signed-in user's account."""
    return UserOut.model_validate(user)


@router.patch("/me", name="update_me", responses=error_responses(401, 422))
async def update_me(body: MeUpdate, user: CurrentUser, session: DbSession) -> UserOut:
    """Change the signed-in user's name."""
    updated = await users_service.update_me(session, user=user, changes=body.changes())
    return UserOut.model_validate(updated)


@router.delete(
    "/me",
    name="delete_me",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(401),
)
async def delete_me(user: CurrentUser, session: DbSession) -> None:
    """Delete the account and everything it owns; all its tokens stop working."""
    await users_service.delete_account(session, user=user)


@router.post(
    "/change-password",
    name="change_password",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(400, 401, 422),
)
async def change_password(body: ChangePasswordIn, user: CurrentUser, session: DbSession) -> None:
    """Set a new password; every token issued before stops working."""
    await auth_service.change_password(
        session,
        user=user,
        current_password=body.current_password,
        new_password=body.new_password,
    )


@router.post(
    "/password-reset/request",
    name="password_reset_request",
    status_code=status.HTTP_202_ACCEPTED,
    response_class=Response,
    dependencies=[limit_auth_attempts(per_email="email")],
    responses=error_responses(422, 429),
)
async def password_reset_request(body: PasswordResetRequestIn, session: DbSession) -> Response:
    """Email a reset link to this address if an account has it; the answer is the same if not."""
    await password_reset_service.request_reset(session, email=body.email)
    return Response(status_code=status.HTTP_202_ACCEPTED)


@router.post(
    "/password-reset/confirm",
    name="password_reset_confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    dependencies=[limit_auth_attempts()],
    responses=error_responses(400, 422, 429),
)
async def password_reset_confirm(
    body: PasswordResetConfirmIn, session: DbSession, database: AppDatabase
) -> None:
    """Set a new password with the emailed token; every session of the account ends."""
    await password_reset_service.confirm_reset(
        session, database=database, token=body.token, new_password=body.new_password
    )
