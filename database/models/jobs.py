"""Job postings: written by their owner, read by everyone once they are open."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from database.base import OwnedEntity, live_index
from database.types import string_enum


class JobStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class EmploymentType(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    CONTRACT = "contract"
    INTERNSHIP = "internship"
    FREELANCE = "freelance"


class Job(OwnedEntity):
    __tablename__ = "jobs"
    __table_args__ = (
        # Each list path in each indexed order: everyone's open jobs, and the owner's jobs
        # (`mine`, whose status filter narrows within the owner's range). Title order is
        # `lower(title)` with a Unicode-aware lower() on SQLite that another SQLite client
        # would not have, so it is not indexed (README, performance). Substring search has
        # indexes of its own, made by the migration (trigram GIN on PostgreSQL, FTS5 on SQLite).
        live_index("ix_jobs_live_status_created_at", "status", "created_at", "id"),
        live_index("ix_jobs_live_status_salary_max", "status", "salary_max", "id"),
        live_index("ix_jobs_live_owner_id_created_at", "owner_id", "created_at", "id"),
        live_index("ix_jobs_live_owner_id_salary_max", "owner_id", "salary_max", "id"),
    )

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    company_name: Mapped[str] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    employment_type: Mapped[EmploymentType] = mapped_column(string_enum(EmploymentType))
    remote: Mapped[bool] = mapped_column(default=False)
    # Whole yearly amounts in `currency`; BigInteger because some currencies count in billions.
    salary_min: Mapped[int | None] = mapped_column(BigInteger)
    salary_max: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[JobStatus] = mapped_column(string_enum(JobStatus), default=JobStatus.DRAFT)
    # Set the first time the job opens and kept through later closes and reopenings.
    published_at: Mapped[datetime | None]
