"""Every ORM model, imported here so metadata (and Alembic) sees the whole schema."""

from database.models.profiles import Education, Experience, Profile, ProfileVisibility
from database.models.users import RefreshToken, User, UserRole

__all__ = [
    "Education",
    "Experience",
    "Profile",
    "ProfileVisibility",
    "RefreshToken",
    "User",
    "UserRole",
]
