"""Applications: a talent's answer to a job, seen by two parties (applicant and job owner)."""

import uuid
from enum import StrEnum

from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, select, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.base import TwoPartyEntity, live_index
from database.models.jobs import Job
from database.types import string_enum


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    REVIEWING = "reviewing"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


# An application still in play: it blocks the same talent from applying to the same job again.
ACTIVE_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.REVIEWING,
    ApplicationStatus.ACCEPTED,
)
_ACTIVE = text(
    "deleted_at IS NULL AND status IN ("
    + ", ".join(f"'{status.value}'" for status in ACTIVE_STATUSES)
    + ")"
)


class Application(TwoPartyEntity):
    """Not an `OwnedEntity`: it has two parties, the applicant and (through the job) the job's
    owner; `services.applications` decides what each of them may do."""

    __tablename__ = "applications"
    __table_args__ = (
        # The applicant's list and one job's received list, in both sort orders.
        live_index(
            "ix_applications_live_applicant_id_created_at", "applicant_id", "created_at", "id"
        ),
        live_index(
            "ix_applications_live_applicant_id_updated_at", "applicant_id", "updated_at", "id"
        ),
        live_index("ix_applications_live_job_id_created_at", "job_id", "created_at", "id"),
        live_index("ix_applications_live_job_id_updated_at", "job_id", "updated_at", "id"),
        # One active application per talent and job, even under concurrent requests.
        Index(
            "uq_applications_job_id_applicant_id_active",
            "job_id",
            "applicant_id",
            unique=True,
            sqlite_where=_ACTIVE,
            postgresql_where=_ACTIVE,
        ),
    )

    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    cover_letter: Mapped[str] = mapped_column(Text)
    resume_url: Mapped[str | None] = mapped_column(String(2048))
    status: Mapped[ApplicationStatus] = mapped_column(
        string_enum(ApplicationStatus), default=ApplicationStatus.SUBMITTED
    )

    # Every response carries a job summary; loading it is always spelled out (no lazy I/O).
    job: Mapped[Job] = relationship(lazy="raise")

    PARTIES = ("applicant", "job_owner")

    @classmethod
    def party_condition(cls, party: str, user_id: uuid.UUID) -> ColumnElement[bool]:
        if party == "applicant":
            return cls.applicant_id == user_id
        # The owner's live jobs, read through the jobs index on (owner_id, ...).
        owned_jobs = select(Job.id).where(Job.owner_id == user_id, Job.deleted_at.is_(None))
        return cls.job_id.in_(owned_jobs)
