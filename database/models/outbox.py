"""The transactional outbox: messages to send, written in the transaction that causes them."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from database.base import Base, IdMixin
from database.types import string_enum, utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"  # waiting for its next attempt (or claimed, until the lease ends)
    SENT = "sent"  # handed to the sender
    SKIPPED = "skipped"  # nothing to send (a reset asked for an address without an account)
    DEAD = "dead"  # gave up after the last attempt; `manage outbox --retry-dead` revives it


class OutboxMessage(IdMixin, Base):
    """One message to deliver, and where its delivery stands.

    `available_at` is when a worker may next take it: after a failure it is the retry time,
    and a claim moves it to the end of the claim's lease, so a message whose worker died is
    taken again once the lease is over. `claim_id` fences the outcome: only the worker holding
    the current claim may record one.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_available_at", "status", "available_at"),)

    kind: Mapped[str] = mapped_column(String(50))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[OutboxStatus] = mapped_column(
        string_enum(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    claim_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
