"""A user's profile and the experience and education entries that hang off it."""

import uuid
from datetime import date
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from database.base import OwnedEntity, live_index, unique_among_live
from database.types import string_enum


class ProfileVisibility(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"


class Profile(OwnedEntity):
    __tablename__ = "profiles"
    __table_args__ = (
        # One live profile per user; a deleted one may be replaced by a new one.
        unique_among_live("uq_profiles_owner_id_live", "owner_id"),
    )

    headline: Mapped[str | None] = mapped_column(String(200))
    bio: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(200))
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    website: Mapped[str | None] = mapped_column(String(2048))
    visibility: Mapped[ProfileVisibility] = mapped_column(
        string_enum(ProfileVisibility), default=ProfileVisibility.PRIVATE
    )
    open_to_work: Mapped[bool] = mapped_column(default=False)


class ProfileEntry(OwnedEntity):
    """Fields common to the dated entries of a profile (experiences, educations)."""

    __abstract__ = True

    profile_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    description: Mapped[str | None] = mapped_column(Text)


class Experience(ProfileEntry):
    __tablename__ = "experiences"
    __table_args__ = (
        live_index("ix_experiences_live_profile_id_start_date", "profile_id", "start_date", "id"),
        live_index("ix_experiences_live_profile_id_created_at", "profile_id", "created_at", "id"),
    )

    title: Mapped[str] = mapped_column(String(200))
    company: Mapped[str] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))


class Education(ProfileEntry):
    __tablename__ = "educations"
    __table_args__ = (
        live_index("ix_educations_live_profile_id_start_date", "profile_id", "start_date", "id"),
        live_index("ix_educations_live_profile_id_created_at", "profile_id", "created_at", "id"),
    )

    school: Mapped[str] = mapped_column(String(200))
    degree: Mapped[str | None] = mapped_column(String(200))
    field_of_study: Mapped[str | None] = mapped_column(String(200))
