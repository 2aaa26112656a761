"""Idempotency keys: the first answer to a create request, kept to replay it to retries."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from database.base import Base, IdMixin
from database.types import utcnow


class IdempotencyRecord(IdMixin, Base):
    """One `Idempotency-Key` of one user, with a digest of the request it was first sent with.

    `status_code` is null while that first request is still running; afterwards the record
    holds its successful answer. Records are private to their user and expire after 24 hours.
    """

    __tablename__ = "idempotency_records"
    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        Index("ix_idempotency_records_created_at", "created_at"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    request_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None]
    content_type: Mapped[str | None] = mapped_column(String(255))
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
