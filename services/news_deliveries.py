"""Items a CMS pushes (`POST /news/webhook`), upserted by the CMS's own `external_id`.

A delivery is the whole item as the CMS holds it: an unknown `external_id` creates the item,
a known one is brought in line with the delivery, and a delivery that matches what is stored
(a retry, a replay within the signature's time window) changes nothing, not even
`updated_at`. Without a `slug`, a new item derives one from its title and an existing item
keeps its own, so links stay valid when the CMS edits a title. Every delivery logs
`news_received`, with `outcome` `created`, `updated` or `unchanged`.

Concurrent deliveries of one new item race to insert it; the partial unique index on
`external_id` lets one win, and the others then update (or leave unchanged) the winner's row.
"""

from collections.abc import Mapping
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from database.integrity import is_unique_violation
from database.models import News
from database.scoping import live, locked
from database.types import utcnow
from services.news import as_of, changed_fields, create_news, log_news, update_news
from utils.errors import Conflict

Outcome = Literal["created", "updated", "unchanged"]


async def _find(session: AsyncSession, external_id: str) -> News | None:
    statement = as_of(live(News), utcnow()).where(News.external_id == external_id)
    news: News | None = await session.scalar(locked(statement, News, "update"))
    return news


async def _insert(session: AsyncSession, data: Mapping[str, Any]) -> News | Conflict:
    """Insert the delivered item, or the conflict that stopped it: its slug or its
    `external_id` is taken, perhaps by a concurrent delivery of this very item."""
    try:
        async with session.begin_nested():
            return await create_news(session, author=None, data=data)
    except Conflict as conflict:
        return conflict
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        return Conflict("Another news item already has this slug.")


async def receive_delivery(
    session: AsyncSession, *, data: Mapping[str, Any]
) -> tuple[News, Outcome]:
    """Create or update the item the delivery describes; 409 when its slug is another's."""
    external_id: str = data["external_id"]
    news = await _find(session, external_id)
    if news is None:
        inserted = await _insert(session, data)
        if isinstance(inserted, News):
            log_news("news_received", inserted, external_id=external_id, outcome="created")
            return inserted, "created"
        # A delivery of this item committed since we looked: then this one is an update.
        news = await _find(session, external_id)
        if news is None:
            raise inserted
    fields = {field: value for field, value in data.items() if field != "external_id"}
    changes = changed_fields(news, {**fields, "slug": fields.get("slug") or news.slug})
    await update_news(session, news=news, changes=changes)
    outcome: Outcome = "updated" if changes else "unchanged"
    log_news("news_received", news, external_id=external_id, outcome=outcome)
    return news, outcome
