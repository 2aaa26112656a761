"""A user's profile and the experience and education entries that hang off it."""

import uuid
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, Relationship, mapped_column, relationship

from database.base import OwnedEntity, live_index, unique_among_live
from database.types import string_enum


class ProfileVisibility(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"


def _live_entries(entry: str) -> Relationship[Any]:
    """A view-only relationship to one kind of entry: live ones only, newest start first (as
    the entry lists default). Touching it unloaded raises instead of querying once per row.
    The entry classes come after `Profile`, so they are named; SQLAlchemy resolves the names
    once every model is mapped."""
    return relationship(
        entry,
        primaryjoin=f"and_({entry}.profile_id == Profile.id, {entry}.deleted_at.is_(None))",
        order_by=f"[{entry}.start_date.desc(), {entry}.id.desc()]",
        viewonly=True,
        lazy="raise",
    )


class Profile(OwnedEntity):
    __tablename__ = "profiles"
    __table_args__ = (
        # One live profile per user; a deleted one may be replaced by a new one.
        unique_among_live("uq_profiles_owner_id_live", "owner_id"),
        # The talent directory: public profiles, most recently updated first, ties broken by
        # the owner (a directory item is keyed by user), with and without `open_to_work`.
        live_index(
            "ix_profiles_live_visibility_updated_at", "visibility", "updated_at", "owner_id"
        ),
        live_index(
            "ix_profiles_live_visibility_open_to_work_updated_at",
            "visibility",
            "open_to_work",
            "updated_at",
            "owner_id",
        ),
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

    # Read-only views of the live entries, for readers that show a whole profile at once (the
    # talent directory), loaded on purpose with `selectinload`.
    live_experiences: Mapped[list["Experience"]] = _live_entries("Experience")
    live_educations: Mapped[list["Education"]] = _live_entries("Education")


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
