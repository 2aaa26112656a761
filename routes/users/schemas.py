"""Bodies of the admin users endpoints."""

from database.models import UserRole
from utils.schemas import Flag, FullName, PatchModel


class UserAdminUpdate(PatchModel):
    NOT_NULL = ("full_name", "role", "is_active")

    full_name: FullName | None = None
    role: UserRole | None = None
    is_active: Flag | None = None
