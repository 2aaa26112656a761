"""Request and response bodies of the auth endpoints."""

from typing import Literal

from pydantic import Field

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
