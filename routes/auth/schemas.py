"""Request and response bodies of the auth endpoints."""

from typing import Literal

from pydantic import BaseModel, Field

from database.models import UserRole
from utils.schemas import (
    Email,
    FullName,
    InputModel,
    OutputModel,
    Password,
    PatchModel,
    PresentedPassword,
    ResourceOut,
)


class RegisterIn(InputModel):
    email: Email
    password: Password
    full_name: FullName


class LoginIn(InputModel):
    # Not validated beyond being text: a malformed email or an over-long password is simply
    # a failed login (401), never a hint about which part was wrong.
    email: str = Field(max_length=1000)
    password: PresentedPassword


# The fields of FastAPI's `OAuth2PasswordRequestForm`, declared as a model so that OpenAPI
# and generated clients name the form (a dependency class comes out as `Body_auth-token`).
class PasswordGrantForm(BaseModel):
    """The OAuth2 password grant (RFC 6749 §4.3.2), as Swagger's Authorize button posts it.
    Unknown fields are ignored, as RFC 6749 §3.2 asks of a token endpoint."""

    grant_type: str | None = Field(default=None, pattern="^password$")
    username: str
    password: str = Field(json_schema_extra={"format": "password"})
    scope: str = ""
    client_id: str | None = None
    client_secret: str | None = Field(default=None, json_schema_extra={"format": "password"})


class RefreshIn(InputModel):
    refresh_token: str = Field(min_length=1, max_length=4096)


class ChangePasswordIn(InputModel):
    current_password: PresentedPassword
    new_password: Password


class PasswordResetRequestIn(InputModel):
    email: Email


class PasswordResetConfirmIn(InputModel):
    token: str = Field(min_length=1, max_length=200)
    new_password: Password


class MeUpdate(PatchModel):
    NOT_NULL = ("full_name",)

    full_name: FullName | None = None


class UserOut(ResourceOut):
    email: str
    full_name: str
    role: UserRole
    is_active: bool


class TokenOut(OutputModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (a scheme name, not a secret)
    expires_in: int
