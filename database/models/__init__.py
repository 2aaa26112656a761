"""Every ORM model, imported here so metadata (and Alembic) sees the whole schema."""

from database.models.applications import ACTIVE_STATUSES, Application, ApplicationStatus
from database.models.courses import Course, CourseLevel, CourseStatus, Enrollment
from database.models.idempotency import IdempotencyRecord
from database.models.jobs import EmploymentType, Job, JobStatus
from database.models.news import RESERVED_SLUGS, News, NewsStatus
from database.models.outbox import OutboxMessage, OutboxStatus
from database.models.profiles import Education, Experience, Profile, ProfileVisibility
from database.models.proposals import Proposal, ProposalStatus, RateUnit
from database.models.users import PasswordResetToken, RefreshToken, User, UserRole

__all__ = [
    "ACTIVE_STATUSES",
    "RESERVED_SLUGS",
    "Application",
    "ApplicationStatus",
    "Course",
    "CourseLevel",
    "CourseStatus",
    "Education",
    "EmploymentType",
    "Enrollment",
    "Experience",
    "IdempotencyRecord",
    "Job",
    "JobStatus",
    "News",
    "NewsStatus",
    "OutboxMessage",
    "OutboxStatus",
    "PasswordResetToken",
    "Profile",
    "ProfileVisibility",
    "Proposal",
    "ProposalStatus",
    "RateUnit",
    "RefreshToken",
    "User",
    "UserRole",
]
