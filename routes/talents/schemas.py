"""What the talent directory shows: a projection of a public profile, keyed by its user."""

import uuid

from pydantic import AliasPath, Field

from routes.profile.educations.schemas import EducationOut
from routes.profile.experiences.schemas import ExperienceOut
from utils.schemas import OutputModel


class TalentOut(OutputModel):
    """Read from a `Profile` loaded with its owner."""

    user_id: uuid.UUID = Field(validation_alias="owner_id")
    # The plugin cannot type a path alias in __init__; this model is only ever read from rows.
    full_name: str = Field(validation_alias=AliasPath("owner", "full_name"))  # type: ignore[pydantic-alias]
    headline: str | None
    location: str | None
    skills: list[str]
    open_to_work: bool
    website: str | None


class TalentDetailOut(TalentOut):
    """Read from a `Profile` loaded with its owner and its live entries."""

    bio: str | None
    experiences: list[ExperienceOut] = Field(validation_alias="live_experiences")
    educations: list[EducationOut] = Field(validation_alias="live_educations")
