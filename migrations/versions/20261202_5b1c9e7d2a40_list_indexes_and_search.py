"""List indexes over live rows, ending with the id tie-breaker, and substring search indexes.

Search objects live in migrations only (the models cannot describe them, and `env.py` leaves
them out of the drift check):
- PostgreSQL: the `pg_trgm` extension and a trigram GIN index per searched job column, which
  `ILIKE '%text%'` uses directly. Creating the extension needs a role allowed to (the owner of
  the database on most managed services).
- SQLite: an FTS5 table with the trigram tokenizer over the same columns, external content
  (`content='jobs'`, so the text is not stored twice) keyed by the jobs' rowid, and triggers
  that keep it in step. A later migration that rebuilds `jobs` in batch mode (SQLite copies
  the table to alter it) drops these triggers and must create them again; after anything
  that could renumber rowids, `INSERT INTO jobs_search(jobs_search) VALUES ('rebuild')`.

Revision ID: 5b1c9e7d2a40
Revises: 3f8f1ffab01f
Create Date: 2026-12-02 06:00:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "5b1c9e7d2a40"
down_revision: str | None = "3f8f1ffab01f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")

# (table, index name, columns) of every new list index, and the indexes they replace.
LIST_INDEXES = [
    ("jobs", "ix_jobs_live_status_created_at", ["status", "created_at", "id"]),
    ("jobs", "ix_jobs_live_status_salary_max", ["status", "salary_max", "id"]),
    ("jobs", "ix_jobs_live_owner_id_created_at", ["owner_id", "created_at", "id"]),
    ("jobs", "ix_jobs_live_owner_id_salary_max", ["owner_id", "salary_max", "id"]),
    (
        "applications",
        "ix_applications_live_applicant_id_created_at",
        ["applicant_id", "created_at", "id"],
    ),
    (
        "applications",
        "ix_applications_live_applicant_id_updated_at",
        ["applicant_id", "updated_at", "id"],
    ),
    ("applications", "ix_applications_live_job_id_created_at", ["job_id", "created_at", "id"]),
    ("applications", "ix_applications_live_job_id_updated_at", ["job_id", "updated_at", "id"]),
    (
        "experiences",
        "ix_experiences_live_profile_id_start_date",
        ["profile_id", "start_date", "id"],
    ),
    (
        "experiences",
        "ix_experiences_live_profile_id_created_at",
        ["profile_id", "created_at", "id"],
    ),
    ("educations", "ix_educations_live_profile_id_start_date", ["profile_id", "start_date", "id"]),
    ("educations", "ix_educations_live_profile_id_created_at", ["profile_id", "created_at", "id"]),
    ("users", "ix_users_live_created_at", ["created_at", "id"]),
]
REPLACED_INDEXES = [
    ("jobs", "ix_jobs_status_created_at", ["status", "created_at"]),
    ("jobs", "ix_jobs_owner_id_status_created_at", ["owner_id", "status", "created_at"]),
    ("applications", "ix_applications_applicant_id_created_at", ["applicant_id", "created_at"]),
    (
        "applications",
        "ix_applications_job_id_status_created_at",
        ["job_id", "status", "created_at"],
    ),
    ("experiences", "ix_experiences_profile_id_start_date", ["profile_id", "start_date"]),
    ("educations", "ix_educations_profile_id_start_date", ["profile_id", "start_date"]),
    ("users", "ix_users_created_at", ["created_at"]),
]
SEARCHED_COLUMNS = ("title", "description", "company_name")
COLUMNS = ", ".join(SEARCHED_COLUMNS)
OLD_VALUES = ", ".join(f"old.{column}" for column in SEARCHED_COLUMNS)
NEW_VALUES = ", ".join(f"new.{column}" for column in SEARCHED_COLUMNS)
FORGET_OLD = (
    f"INSERT INTO jobs_search(jobs_search, rowid, {COLUMNS}) VALUES ('delete', old.rowid, "
    f"{OLD_VALUES});"
)
INDEX_NEW = f"INSERT INTO jobs_search(rowid, {COLUMNS}) VALUES (new.rowid, {NEW_VALUES});"
SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE jobs_search USING fts5("
    f"{COLUMNS}, content='jobs', tokenize='trigram')",
    "INSERT INTO jobs_search(jobs_search) VALUES ('rebuild')",
    f"CREATE TRIGGER jobs_search_insert AFTER INSERT ON jobs BEGIN {INDEX_NEW} END",
    f"CREATE TRIGGER jobs_search_delete AFTER DELETE ON jobs BEGIN {FORGET_OLD} END",
    f"CREATE TRIGGER jobs_search_update AFTER UPDATE OF {COLUMNS} ON jobs "
    f"BEGIN {FORGET_OLD} {INDEX_NEW} END",
]
SQLITE_SEARCH_DROP = [
    "DROP TRIGGER IF EXISTS jobs_search_update",
    "DROP TRIGGER IF EXISTS jobs_search_delete",
    "DROP TRIGGER IF EXISTS jobs_search_insert",
    "DROP TABLE IF EXISTS jobs_search",
]


def _swap(create: list[tuple[str, str, list[str]]], drop: list[tuple[str, str, list[str]]],
          *, live: bool) -> None:  # fmt: skip
    for table, name, columns in create:
        where: dict[str, Any] = {"sqlite_where": LIVE, "postgresql_where": LIVE} if live else {}
        # A live index ends with `deleted_at` so that SQLite sees it as covering for counts.
        op.create_index(name, table, [*columns, "deleted_at"] if live else columns, **where)
    for table, name, _columns in drop:
        op.drop_index(name, table_name=table)


def upgrade() -> None:
    _swap(LIST_INDEXES, REPLACED_INDEXES, live=True)
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in SEARCHED_COLUMNS:
            op.execute(
                f"CREATE INDEX ix_jobs_search_{column} ON jobs "
                f"USING gin ({column} gin_trgm_ops) WHERE deleted_at IS NULL"
            )
    elif dialect == "sqlite":
        for statement in SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for column in SEARCHED_COLUMNS:
            op.execute(f"DROP INDEX IF EXISTS ix_jobs_search_{column}")
    elif dialect == "sqlite":
        for statement in SQLITE_SEARCH_DROP:
            op.execute(statement)
    for table, name, columns in REPLACED_INDEXES:
        op.create_index(name, table, columns)
    for table, name, _columns in LIST_INDEXES:
        op.drop_index(name, table_name=table)
