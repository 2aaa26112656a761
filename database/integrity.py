"""Reading integrity errors the same way on SQLite and PostgreSQL."""

from sqlalchemy.exc import IntegrityError


def is_unique_violation(error: IntegrityError) -> bool:
    """True when a unique index refused the row (a lost race), not a foreign key or NOT NULL."""
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return sqlstate == "23505" or "UNIQUE constraint failed" in str(original)
