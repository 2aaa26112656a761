"""Bodies of the profile endpoints."""

import uuid

from pydantic import Field

from database.models import ProfileVisibility
from utils.schemas import (
    Flag,
    HttpUrlStr,
    InputModel,
    LongText,
    PatchModel,
    ResourceOut,
    ShortText,
    Tags,
)


class ProfileIn(InputModel):
    """The whole profile, as PUT replaces it; omitted fields take their defaults."""

    headline: ShortText | None = None
    bio: LongText | None = None
    location: ShortText | None = None
    skills: Tags = Field(default_factory=list)
    website: HttpUrlStr | None = None
    visibility: ProfileVisibility = ProfileVisibility.PRIVATE
    open_to_work: Flag = False


class ProfileUpdate(PatchModel):
    NOT_NULL = ("skills", "visibility", "open_to_work")

    headline: ShortText | None = None
    bio: LongText | None = None
    location: ShortText | None = None
    skills: Tags | None = None
    website: HttpUrlStr | None = None
    visibility: ProfileVisibility | None = None
    open_to_work: Flag | None = None


class ProfileOut(ResourceOut):
    owner_id: uuid.UUID
    headline: str | None
    bio: str | None
    location: str | None
    skills: list[str]
    website: str | None
    visibility: ProfileVisibility
    open_to_work: bool
