"""Proposals: an employer offers work to a talent; seen by its sender and its recipient."""

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ColumnElement, ForeignKey, String, Text, and_, case, literal
from sqlalchemy.orm import Mapped, mapped_column, query_expression

from database.base import TwoPartyEntity, live_index
from database.types import Cents, UTCDateTime, string_enum


class ProposalStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    # Never stored: a pending proposal past `expires_at` reads as expired (`status_as_of`).
    EXPIRED = "expired"


class RateUnit(StrEnum):
    HOUR = "hour"
    DAY = "day"
    FIXED = "fixed"


class Proposal(TwoPartyEntity):
    __tablename__ = "proposals"
    __table_args__ = (
        # Each party's box, in both sort orders.
        live_index("ix_proposals_live_sender_id_created_at", "sender_id", "created_at", "id"),
        live_index("ix_proposals_live_sender_id_updated_at", "sender_id", "updated_at", "id"),
        live_index("ix_proposals_live_recipient_id_created_at", "recipient_id", "created_at", "id"),
        live_index("ix_proposals_live_recipient_id_updated_at", "recipient_id", "updated_at", "id"),
    )

    PARTIES = ("sender", "recipient")

    sender_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    recipient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Kept when the job is soft-deleted (see database/cascades.py); emptied only when the
    # job is purged for good, so purging never fails on a proposal that still mentions it.
    job_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    rate_amount: Mapped[Decimal | None] = mapped_column(Cents)
    rate_currency: Mapped[str | None] = mapped_column(String(3))
    rate_unit: Mapped[RateUnit | None] = mapped_column(string_enum(RateUnit))
    expires_at: Mapped[datetime | None]
    # The stored status: never `expired`; readers see `shown_status`.
    status: Mapped[ProposalStatus] = mapped_column(
        string_enum(ProposalStatus), default=ProposalStatus.PENDING
    )
    # The status as of the instant the loading query names (`status_as_of`), computed in that
    # query, so an item, the `status` filter and the count always agree. Not a column: set by
    # `services.proposals` for every row it hands out.
    shown_status: Mapped[str | None] = query_expression()

    @classmethod
    def party_condition(cls, party: str, user_id: uuid.UUID) -> ColumnElement[bool]:
        column = cls.sender_id if party == "sender" else cls.recipient_id
        return column == user_id

    @classmethod
    def lapsed(cls, now: datetime) -> ColumnElement[bool]:
        """True for pending proposals whose deadline has passed at `now`."""
        return and_(
            cls.status == ProposalStatus.PENDING,
            cls.expires_at.is_not(None),
            cls.expires_at <= literal(now, UTCDateTime()),
        )

    @classmethod
    def status_as_of(cls, now: datetime) -> ColumnElement[str]:
        """The status a reader sees at `now`, in SQL: `expired` once a pending one lapses."""
        return case((cls.lapsed(now), ProposalStatus.EXPIRED.value), else_=cls.status)

    def status_at(self, now: datetime) -> ProposalStatus:
        """`status_as_of` for a row already in hand (one just created or changed)."""
        if (
            self.status == ProposalStatus.PENDING
            and self.expires_at is not None
            and self.expires_at <= now
        ):
            return ProposalStatus.EXPIRED
        return self.status
