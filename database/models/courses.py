"""Courses, published by their owner, and the enrollments of the students who take them."""

import uuid
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ColumnElement, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from database.base import OwnedEntity, TwoPartyEntity, live_index, unique_among_live
from database.types import Cents, string_enum

if TYPE_CHECKING:
    from database.models.users import User


class CourseLevel(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class CourseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Course(OwnedEntity):
    __tablename__ = "courses"
    __table_args__ = (
        # Each list path in each indexed order: everyone's published courses and the owner's
        # courses (`mine`). Title order is not indexed, as for jobs (README, performance).
        live_index("ix_courses_live_status_created_at", "status", "created_at", "id"),
        live_index("ix_courses_live_status_price", "status", "price", "id"),
        live_index("ix_courses_live_owner_id_created_at", "owner_id", "created_at", "id"),
        live_index("ix_courses_live_owner_id_price", "owner_id", "price", "id"),
    )

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    provider: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2048))
    level: Mapped[CourseLevel] = mapped_column(string_enum(CourseLevel))
    # Hours, fractions allowed (a 1.5-hour workshop); a double on both databases.
    duration_hours: Mapped[float]
    price: Mapped[Decimal] = mapped_column(Cents)
    currency: Mapped[str] = mapped_column(String(3))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[CourseStatus] = mapped_column(
        string_enum(CourseStatus), default=CourseStatus.DRAFT
    )


class Enrollment(TwoPartyEntity):
    """A student taking a course: seen by the student and by the course's owner."""

    __tablename__ = "enrollments"
    __table_args__ = (
        # The owner's list of one course's students, and the student's courses (`enrolled`).
        live_index("ix_enrollments_live_course_id_created_at", "course_id", "created_at", "id"),
        live_index("ix_enrollments_live_student_id_course_id", "student_id", "course_id"),
        # One live enrollment per student and course, even under concurrent requests; an
        # un-enrollment (soft delete) frees the place for a later enrollment.
        unique_among_live("uq_enrollments_course_id_student_id_live", "course_id", "student_id"),
    )

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # When the student enrolled: the row's creation, under the name readers know it by.
    enrolled_at = synonym("created_at")

    # The owner's list shows each student's name; loading it is always spelled out.
    student: Mapped["User"] = relationship(lazy="raise")

    PARTIES = ("student", "course_owner")

    @classmethod
    def party_condition(cls, party: str, user_id: uuid.UUID) -> ColumnElement[bool]:
        if party == "student":
            return cls.student_id == user_id
        # The owner's live courses, read through the courses index on (owner_id, ...).
        owned = select(Course.id).where(Course.owner_id == user_id, Course.deleted_at.is_(None))
        return cls.course_id.in_(owned)
