"""Indexes for the talent directory: public live profiles by last update, owner as tie-breaker.

Revision ID: 8a317fd5098b
Revises: 7c4e2a91b3d5
Create Date: 2026-12-03 07:05:24.065126
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8a317fd5098b"
down_revision: str | None = "7c4e2a91b3d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOT_DELETED = sa.text("deleted_at IS NULL")
INDEXES = {
    "ix_profiles_live_visibility_updated_at": ["visibility", "updated_at", "owner_id"],
    "ix_profiles_live_visibility_open_to_work_updated_at": [
        "visibility",
        "open_to_work",
        "updated_at",
        "owner_id",
    ],
}


def upgrade() -> None:
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(
                name,
                [*columns, "deleted_at"],
                unique=False,
                sqlite_where=NOT_DELETED,
                postgresql_where=NOT_DELETED,
            )


def downgrade() -> None:
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
