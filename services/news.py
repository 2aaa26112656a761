"""News: admins write items, everyone reads those published; a CMS pushes more (webhook).

An item's status is never stored: `published_at` NULL is a draft, a future one is scheduled,
and each read names one instant at which the filter and every item's `status` are computed
in SQL (`News.status_as_of`). Slugs are unique among live items (a partial unique index,
which also decides races: the loser is a 409); a deleted item's slug is free again.

Events: `news_created`, `news_published` (an item gets a publication time it did not have),
`news_updated` (with the names of the changed fields) and `news_deleted`, ids only;
`services.news_deliveries` adds `news_received`.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import with_expression

from database.cascades import soft_delete
from database.json_arrays import json_array_contains
from database.models import RESERVED_SLUGS, News, User
from database.pagination import SortColumns, fetch_page, substring_filter
from database.scoping import RowLock, live, locked
from database.types import utcnow
from utils.errors import Conflict, InvalidFields, NotFound
from utils.pagination import PageRequest, PageResult
from utils.slugs import is_slug, slugify

logger = structlog.get_logger(__name__)

# Newest first by default; drafts, which have no publication time, come last.
SORT_COLUMNS: SortColumns = {"published_at": News.published_at}


@dataclass(frozen=True, kw_only=True)
class NewsFilters:
    q: str | None = None
    tag: str | None = None


def log_news(event: str, news: News, **fields: Any) -> None:
    author = str(news.author_id) if news.author_id else None
    logger.info(event, news_id=str(news.id), author_id=author, **fields)


def as_of(statement: Select[News], now: datetime) -> Select[News]:
    """Load each item with its status at `now` (`News.shown_status`)."""
    # populate_existing: a row already in the session still gets the status as of `now`.
    return statement.options(
        with_expression(News.shown_status, News.status_as_of(now))
    ).execution_options(populate_existing=True)


def readable(*, include_drafts: bool, now: datetime) -> Select[News]:
    """Live items a reader sees at `now`: the published ones, or all of them for an admin."""
    statement = as_of(live(News), now)
    return statement if include_drafts else statement.where(News.published_by(now))


async def list_news(
    session: AsyncSession, *, filters: NewsFilters, include_drafts: bool, page: PageRequest
) -> PageResult[News]:
    """Published items, newest first; with `include_drafts` (admins), scheduled and drafts too."""
    statement = readable(include_drafts=include_drafts, now=utcnow())
    if filters.q:
        statement = statement.where(substring_filter(filters.q, News.title, News.summary))
    if filters.tag:
        statement = statement.where(json_array_contains(News.tags, filters.tag.lower()))
    return await fetch_page(
        session, statement, request=page, sort_columns=SORT_COLUMNS, tie_breaker=News.id
    )


async def get_news_by_slug(session: AsyncSession, *, slug: str, include_drafts: bool) -> News:
    """The live item with this slug, if the reader may see it (see `readable`)."""
    if not is_slug(slug):  # no item has it; and PostgreSQL could not even compare a NUL
        raise NotFound("News item not found.")
    statement = readable(include_drafts=include_drafts, now=utcnow()).where(News.slug == slug)
    news: News | None = await session.scalar(statement)
    if news is None:
        raise NotFound("News item not found.")
    return news


async def get_news(
    session: AsyncSession, *, news_id: uuid.UUID, lock: RowLock | None = None
) -> News:
    """Any live item by id, for an admin's change (load it with `lock="update"`)."""
    statement = as_of(live(News), utcnow()).where(News.id == news_id)
    news: News | None = await session.scalar(locked(statement, News, lock))
    if news is None:
        raise NotFound("News item not found.")
    return news


def derived_slug(title: str) -> str | None:
    """The slug of `title`, with `-1` added where it would be a reserved one (`Webhook` →
    `webhook-1`): a title never forces a client to send a slug."""
    slug = slugify(title)
    return f"{slug}-1" if slug in RESERVED_SLUGS else slug


def slug_for(data: Mapping[str, Any]) -> str:
    """The slug given, or the one derived from the title; 422 when the title has nothing to
    derive it from (no ASCII letter or digit, even with accents folded)."""
    slug: str | None = data.get("slug") or derived_slug(data["title"])
    if slug is None:
        raise InvalidFields(
            [
                {
                    "loc": ["body", "slug"],
                    "msg": "cannot be derived from the title",
                    "type": "missing",
                }
            ],
            detail="The title has no letters or digits to make a slug of; send a slug.",
        )
    return slug


async def ensure_slug_free(
    session: AsyncSession, *, slug: str, keeping: uuid.UUID | None = None
) -> None:
    """409 when another live item (not `keeping`) has this slug.

    The answer for the common case; a concurrent request taking the slug between this check
    and the insert is refused by the unique index instead (also a 409).
    """
    statement = live(News).where(News.slug == slug)
    if keeping is not None:
        statement = statement.where(News.id != keeping)
    if await session.scalar(statement.with_only_columns(News.id)) is not None:
        raise Conflict(f"Another news item already has the slug {slug!r}.")


def finish_change(news: News, *, was_published: bool, changed: list[str], now: datetime) -> None:
    """Show the status as of `now` and log what changed."""
    news.shown_status = news.status_at(now)
    if changed:
        log_news("news_updated", news, fields=sorted(changed))
    if news.published_at is not None and not was_published:
        log_news("news_published", news)


async def create_news(
    session: AsyncSession, *, author: User | None, data: Mapping[str, Any]
) -> News:
    """Store a new item: a draft without `published_at`, scheduled or published with one."""
    values = {**data, "slug": slug_for(data)}
    await ensure_slug_free(session, slug=values["slug"])
    news = News(author_id=author.id if author else None, **values)
    session.add(news)
    await session.flush()
    log_news("news_created", news)
    finish_change(news, was_published=False, changed=[], now=utcnow())
    return news


def changed_fields(news: News, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes whose value differs from the stored one."""
    return {field: value for field, value in changes.items() if getattr(news, field) != value}


async def update_news(session: AsyncSession, *, news: News, changes: Mapping[str, Any]) -> News:
    """Apply a partial update; only the fields whose value differs count as changed.

    `news` must have been loaded with `lock="update"`. A new title keeps the slug: links to
    the item stay valid until a new slug is sent.
    """
    changed = changed_fields(news, changes)
    if "slug" in changed:
        await ensure_slug_free(session, slug=changed["slug"], keeping=news.id)
    was_published = news.published_at is not None
    news.apply(changed)
    await session.flush()
    finish_change(news, was_published=was_published, changed=list(changed), now=utcnow())
    return news


async def delete_news(session: AsyncSession, *, news: News) -> None:
    """Soft-delete the item; its slug is free again."""
    await soft_delete(session, news)
    log_news("news_deleted", news)
