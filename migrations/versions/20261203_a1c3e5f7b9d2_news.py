"""News items: live-unique slug and CMS id, and the newest-first list index.

Revision ID: a1c3e5f7b9d2
Revises: b2d4f6a8c0e1
Create Date: 2026-12-03 07:12:12.931789
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a1c3e5f7b9d2"
down_revision: str | None = "b2d4f6a8c0e1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "news",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        # The author's account may be purged for good; the item stays, without an author.
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_news_author_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_news")),
    )
    with op.batch_alter_table("news", schema=None) as batch_op:
        # Purging an account empties its items' author_id: found by index, not by a scan.
        batch_op.create_index(batch_op.f("ix_news_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            "ix_news_live_published_at",
            ["published_at", "id", "deleted_at"],
            unique=False,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )
        for name, column in (
            ("uq_news_external_id_live", "external_id"),
            ("uq_news_slug_live", "slug"),
        ):
            batch_op.create_index(
                name, [column], unique=True, sqlite_where=LIVE, postgresql_where=LIVE
            )


def downgrade() -> None:
    # Dropping the table drops its indexes with it.
    op.drop_table("news")
