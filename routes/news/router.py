"""News: public reads that caches may keep, admin writes, and the CMS's signed webhook."""

import time
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from database.models import News
from database.session import DbSession
from routes.news.schemas import NewsCreate, NewsDelivery, NewsOut, NewsUpdate
from services import news as news_service
from services import news_deliveries
from utils.access import AdminUser, AppSettings, OnDemandCaller
from utils.error_handlers import is_json_media_type
from utils.errors import ServiceUnavailable, UnsupportedMediaType
from utils.http_cache import cacheable_json, uncacheable_json
from utils.idempotency import IdempotentRoute
from utils.openapi_contract import LINK_FIELD
from utils.pagination import Page, PageRequest, page_request
from utils.problems import error_responses
from utils.schemas import SearchText
from utils.webhook_signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_delivery

router = APIRouter(
    prefix="/news", tags=["news"], route_class=IdempotentRoute, responses=error_responses(422)
)

# How long a browser or CDN may serve a public read without asking again: also how late a
# scheduled item may appear, or a deleted one disappear, for a reader behind such a cache.
PUBLIC_MAX_AGE_SECONDS = 60
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not Modified: `If-None-Match` names the current ETag."}
}

NewsPage = Annotated[
    PageRequest,
    Depends(page_request(sortable=news_service.SORT_COLUMNS, default="-published_at")),
]


async def news_filters(
    q: Annotated[SearchText | None, Query(description="Text in the title or summary.")] = None,
    tag: Annotated[SearchText | None, Query(description="Items carrying this tag.")] = None,
) -> news_service.NewsFilters:
    return news_service.NewsFilters(q=q, tag=tag)


NewsListFilters = Annotated[news_service.NewsFilters, Depends(news_filters)]


async def drafts_wanted(
    caller: OnDemandCaller,
    include_drafts: Annotated[
        bool, Query(description="Admins (bearer token) also see drafts and scheduled items.")
    ] = False,
) -> bool:
    if include_drafts:
        await caller.admin()
    return include_drafts


# True when an admin asked for drafts too (401 without a token, 403 for anyone else).
IncludeDrafts = Annotated[bool, Depends(drafts_wanted)]


def _read_answer(request: Request, content: Page[NewsOut] | NewsOut, *, drafts: bool) -> Response:
    # An admin's view is theirs alone; the public one is the same bytes for everyone.
    if drafts:
        return uncacheable_json(content)
    return cacheable_json(request, content, max_age=PUBLIC_MAX_AGE_SECONDS)


@router.get(
    "",
    name="list",
    response_model=Page[NewsOut],
    responses={**NOT_MODIFIED, **error_responses(401, 403)},
)
async def list_news(
    request: Request,
    session: DbSession,
    page: NewsPage,
    filters: NewsListFilters,
    include_drafts: IncludeDrafts,
) -> Response:
    """Published news, newest first, with an ETag; admins may add drafts and scheduled items."""
    result = await news_service.list_news(
        session, filters=filters, include_drafts=include_drafts, page=page
    )
    return _read_answer(request, Page[NewsOut].of(result, page), drafts=include_drafts)


# One path, `/news/{news_ref}`, for the reads by slug and the admin's writes by id: OpenAPI
# allows no two templates of one shape, and `/news/webhook` outranks both (its slug is reserved).
NewsSlug = Annotated[
    str,
    Path(
        description="For reading: the item's slug.",
        json_schema_extra={LINK_FIELD: "slug"},
    ),
]
NewsId = Annotated[uuid.UUID, Path(description="For changing and deleting: the item's id.")]


async def load_news_to_change(news_ref: NewsId, _admin: AdminUser, session: DbSession) -> News:
    return await news_service.get_news(session, news_id=news_ref, lock="update")


# Any live item, locked for an admin's change (403 for anyone else, before the lookup).
NewsToChange = Annotated[News, Depends(load_news_to_change)]


@router.post(
    "",
    name="create",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(401, 403, 409),
)
async def create_news(body: NewsCreate, admin: AdminUser, session: DbSession) -> NewsOut:
    """Write an item: a draft without `published_at`, scheduled with a future one."""
    news = await news_service.create_news(session, author=admin, data=body.model_dump())
    return NewsOut.model_validate(news)


async def signed_delivery(request: Request, settings: AppSettings) -> bytes:
    """The raw body, once its signature and timestamp are verified; nothing parses it before."""
    secret = settings.news_webhook_secret
    if secret is None:
        raise ServiceUnavailable("The news webhook is not configured.")
    body = await request.body()
    verify_delivery(
        secret.get_secret_value().encode(),
        timestamps=request.headers.getlist(TIMESTAMP_HEADER),
        signatures=request.headers.getlist(SIGNATURE_HEADER),
        body=body,
        now=time.time(),
    )
    return body


SignedDelivery = Annotated[bytes, Depends(signed_delivery)]


def _parse_delivery(request: Request, body: bytes) -> NewsDelivery:
    if not is_json_media_type(request.headers.get("content-type")):
        raise UnsupportedMediaType()
    try:
        return NewsDelivery.model_validate_json(body)
    except ValidationError as error:
        raise RequestValidationError(
            [{**detail, "loc": ("body", *detail["loc"])} for detail in error.errors()]
        ) from None


DELIVERY_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": NewsDelivery.model_json_schema()}},
    }
}


@router.post(
    "/webhook",
    name="webhook",
    responses={
        201: {"model": NewsOut, "description": "Created: the delivery was a new item."},
        **error_responses(401, 409, 413, 415, 503),
    },
    openapi_extra=DELIVERY_BODY,
)
async def receive_delivery(
    request: Request, response: Response, body: SignedDelivery, session: DbSession
) -> NewsOut:
    """A CMS pushes an item, signed with `X-Timestamp` and `X-Signature` (see the README):
    201 when it is new, 200 when it updated an item or changed nothing."""
    delivery = _parse_delivery(request, body)
    news, outcome = await news_deliveries.receive_delivery(session, data=delivery.model_dump())
    if outcome == "created":
        response.status_code = status.HTTP_201_CREATED
    return NewsOut.model_validate(news)


@router.get(
    "/{news_ref}",
    name="get",
    response_model=NewsOut,
    responses={**NOT_MODIFIED, **error_responses(401, 403, 404)},
)
async def get_news(
    request: Request, news_ref: NewsSlug, session: DbSession, include_drafts: IncludeDrafts
) -> Response:
    """A published item by slug, with an ETag; admins find drafts and scheduled items with
    `include_drafts=true`."""
    news = await news_service.get_news_by_slug(
        session, slug=news_ref, include_drafts=include_drafts
    )
    return _read_answer(request, NewsOut.model_validate(news), drafts=include_drafts)


@router.patch("/{news_ref}", name="update", responses=error_responses(401, 403, 404, 409))
async def update_news(body: NewsUpdate, news: NewsToChange, session: DbSession) -> NewsOut:
    """Change an item; `published_at: null` takes it back to draft. The slug stays unless sent."""
    updated = await news_service.update_news(session, news=news, changes=body.changes())
    return NewsOut.model_validate(updated)


@router.delete(
    "/{news_ref}",
    name="delete",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(401, 403, 404),
)
async def delete_news(news: NewsToChange, session: DbSession) -> None:
    """Delete an item; its slug may be used again."""
    await news_service.delete_news(session, news=news)
