"""News items: written by admins or pushed by a CMS, read by everyone once published."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ColumnElement, ForeignKey, String, Text, case, literal
from sqlalchemy.orm import Mapped, mapped_column, query_expression

from database.base import Entity, live_index, unique_among_live
from database.types import UTCDateTime

# Slugs no item may take: `/news/webhook` is a path of its own, which `/news/{news_ref}` never
# matches (utils.route_precedence), so an item with that slug could never be read.
RESERVED_SLUGS = frozenset({"webhook"})


class NewsStatus(StrEnum):
    """Never stored: read from `published_at` for one instant (`News.status_as_of`)."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


class News(Entity):
    __tablename__ = "news"
    __table_args__ = (
        unique_among_live("uq_news_slug_live", "slug"),
        # One item per CMS id: concurrent deliveries of one item insert it once.
        unique_among_live("uq_news_external_id_live", "external_id"),
        # The one list path, newest first: published items are a range of it, drafts (NULL)
        # come last in both directions.
        live_index("ix_news_live_published_at", "published_at", "id"),
    )

    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # NULL: a draft; in the future: scheduled; otherwise published.
    published_at: Mapped[datetime | None]
    # The admin who wrote it; NULL for CMS deliveries, and once a purged account is gone.
    # Kept when the author's account is deleted (see database/cascades.py).
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The CMS's own id of an item it pushed (`POST /news/webhook`); NULL for admin items.
    external_id: Mapped[str | None] = mapped_column(String(200))
    # The status as of the instant the loading query names (`status_as_of`). Not a column:
    # set by `services.news` for every row it hands out.
    shown_status: Mapped[str | None] = query_expression()

    @classmethod
    def published_by(cls, now: datetime) -> ColumnElement[bool]:
        """True for the items a reader sees at `now`: published at or before it."""
        return cls.published_at <= literal(now, UTCDateTime())

    @classmethod
    def status_as_of(cls, now: datetime) -> ColumnElement[str]:
        """The status at `now`, in SQL, so an item and the list it is in agree."""
        return case(
            (cls.published_at.is_(None), NewsStatus.DRAFT.value),
            (cls.published_by(now), NewsStatus.PUBLISHED.value),
            else_=NewsStatus.SCHEDULED.value,
        )

    def status_at(self, now: datetime) -> NewsStatus:
        """`status_as_of` for a row already in hand (one just created or changed)."""
        if self.published_at is None:
            return NewsStatus.DRAFT
        if self.published_at <= now:
            return NewsStatus.PUBLISHED
        return NewsStatus.SCHEDULED
