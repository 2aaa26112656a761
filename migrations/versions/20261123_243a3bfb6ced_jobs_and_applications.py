"""Jobs and applications, with an index for each list path and one active application per job.

Revision ID: 243a3bfb6ced
Revises: f2d09cecfa98
Create Date: 2026-11-23 18:16:16.384808
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "243a3bfb6ced"
down_revision: str | None = "f2d09cecfa98"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("company_name", sa.String(length=200), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column(
            "employment_type",
            sa.Enum(
                "full_time",
                "part_time",
                "contract",
                "internship",
                "freelance",
                name="employmenttype",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("salary_min", sa.BigInteger(), nullable=True),
        sa.Column("salary_max", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "open", "closed", name="jobstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_jobs_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(
            "ix_jobs_owner_id_status_created_at", ["owner_id", "status", "created_at"], unique=False
        )
        batch_op.create_index("ix_jobs_status_created_at", ["status", "created_at"], unique=False)

    op.create_table(
        "applications",
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("applicant_id", sa.Uuid(), nullable=False),
        sa.Column("cover_letter", sa.Text(), nullable=False),
        sa.Column("resume_url", sa.String(length=2048), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "reviewing",
                "accepted",
                "rejected",
                "withdrawn",
                name="applicationstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["applicant_id"],
            ["users.id"],
            name=op.f("fk_applications_applicant_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_applications_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_applications_applicant_id_created_at", ["applicant_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_applications_job_id_status_created_at",
            ["job_id", "status", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "uq_applications_job_id_applicant_id_active",
            ["job_id", "applicant_id"],
            unique=True,
            sqlite_where=sa.text(
                "deleted_at IS NULL AND status IN ('submitted', 'reviewing', 'accepted')"
            ),
            postgresql_where=sa.text(
                "deleted_at IS NULL AND status IN ('submitted', 'reviewing', 'accepted')"
            ),
        )


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_applications_job_id_applicant_id_active",
            sqlite_where=sa.text(
                "deleted_at IS NULL AND status IN ('submitted', 'reviewing', 'accepted')"
            ),
            postgresql_where=sa.text(
                "deleted_at IS NULL AND status IN ('submitted', 'reviewing', 'accepted')"
            ),
        )
        batch_op.drop_index("ix_applications_job_id_status_created_at")
        batch_op.drop_index("ix_applications_applicant_id_created_at")

    op.drop_table("applications")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_status_created_at")
        batch_op.drop_index("ix_jobs_owner_id_status_created_at")
        batch_op.drop_index(batch_op.f("ix_jobs_owner_id"))

    op.drop_table("jobs")
