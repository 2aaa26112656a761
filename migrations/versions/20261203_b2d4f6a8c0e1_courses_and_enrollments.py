"""Courses and their enrollments, with an index for each list path and one live enrollment
per student and course.

Revision ID: b2d4f6a8c0e1
Revises: 8a317fd5098b
Create Date: 2026-12-03 07:11:36.810129
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "b2d4f6a8c0e1"
down_revision: str | None = "8a317fd5098b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOT_DELETED = sa.text("deleted_at IS NULL")
# (table, index name, columns) of every list index over live rows; each ends with
# `deleted_at`, so SQLite sees it as covering for counts (`database.base.live_index`).
LIVE_INDEXES = [
    ("courses", "ix_courses_live_status_created_at", ["status", "created_at", "id"]),
    ("courses", "ix_courses_live_status_price", ["status", "price", "id"]),
    ("courses", "ix_courses_live_owner_id_created_at", ["owner_id", "created_at", "id"]),
    ("courses", "ix_courses_live_owner_id_price", ["owner_id", "price", "id"]),
    (
        "enrollments",
        "ix_enrollments_live_course_id_created_at",
        ["course_id", "created_at", "id"],
    ),
    ("enrollments", "ix_enrollments_live_student_id_course_id", ["student_id", "course_id"]),
]


def _timestamps() -> list[sa.Column[datetime]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column(
            "level",
            sa.Enum(
                "beginner",
                "intermediate",
                "advanced",
                name="courselevel",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("duration_hours", sa.Double(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),  # cents
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "published", name="coursestatus", native_enum=False, length=20),
            nullable=False,
        ),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_courses_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
    )
    op.create_index(op.f("ix_courses_owner_id"), "courses", ["owner_id"])
    op.create_table(
        "enrollments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_enrollments_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["users.id"],
            name=op.f("fk_enrollments_student_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollments")),
    )
    # One live enrollment per student and course: concurrent enrollments store one row.
    op.create_index(
        "uq_enrollments_course_id_student_id_live",
        "enrollments",
        ["course_id", "student_id"],
        unique=True,
        sqlite_where=NOT_DELETED,
        postgresql_where=NOT_DELETED,
    )
    for table, name, columns in LIVE_INDEXES:
        op.create_index(
            name,
            table,
            [*columns, "deleted_at"],
            sqlite_where=NOT_DELETED,
            postgresql_where=NOT_DELETED,
        )


def downgrade() -> None:
    # Dropping a table drops its indexes with it.
    op.drop_table("enrollments")
    op.drop_table("courses")
