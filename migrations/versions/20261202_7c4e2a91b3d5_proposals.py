"""Proposals between two users, with an index for each party's box in both sort orders.

Revision ID: 7c4e2a91b3d5
Revises: 5b1c9e7d2a40
Create Date: 2026-12-02 20:50:51.836463
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c4e2a91b3d5"
down_revision: str | None = "5b1c9e7d2a40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("sender_id", sa.Uuid(), nullable=False),
        sa.Column("recipient_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("rate_amount", sa.BigInteger(), nullable=True),  # cents
        sa.Column("rate_currency", sa.String(length=3), nullable=True),
        sa.Column(
            "rate_unit",
            sa.Enum("hour", "day", "fixed", name="rateunit", native_enum=False, length=20),
            nullable=True,
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "declined",
                "withdrawn",
                "expired",
                name="proposalstatus",
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
            ["job_id"], ["jobs.id"], name=op.f("fk_proposals_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["users.id"],
            name=op.f("fk_proposals_recipient_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_proposals_sender_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        # Purging a job sets its proposals' job_id to NULL: found by index, not by a scan.
        batch_op.create_index(batch_op.f("ix_proposals_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            "ix_proposals_live_recipient_id_created_at",
            ["recipient_id", "created_at", "id", "deleted_at"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index(
            "ix_proposals_live_recipient_id_updated_at",
            ["recipient_id", "updated_at", "id", "deleted_at"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index(
            "ix_proposals_live_sender_id_created_at",
            ["sender_id", "created_at", "id", "deleted_at"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index(
            "ix_proposals_live_sender_id_updated_at",
            ["sender_id", "updated_at", "id", "deleted_at"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )



def downgrade() -> None:
    # Dropping the table drops its indexes with it.
    op.drop_table("proposals")
