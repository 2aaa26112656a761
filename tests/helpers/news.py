"""Requests and signed deliveries for the news tests."""

import json
import time
from typing import Any

from httpx import AsyncClient, Response

from tests.helpers.accounts import Account
from tests.helpers.problems import json_body
from tests.helpers.proposals import in_days
from utils.webhook_signatures import sign

NEWS = "/api/v1/news"
WEBHOOK = f"{NEWS}/webhook"
# What the webhook tests' app is configured with (tests/routes/news/conftest.py).
WEBHOOK_SECRET = "a-webhook-secret-shared-with-the-test-cms"
NEWS_FIELDS = {
    "id",
    "created_at",
    "updated_at",
    "title",
    "slug",
    "summary",
    "body",
    "tags",
    "published_at",
    "status",
    "author_id",
    "external_id",
}


def news_path(key: object) -> str:
    """`/news/{slug}` for reads, `/news/{id}` for an admin's changes."""
    return f"{NEWS}/{key}"


def news_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Talent Hub opens its doors",
        "summary": "The careers marketplace is live.",
        "body": "Profiles, jobs and applications, all in one place.",
        "tags": ["launch"],
        "published_at": in_days(-1),
    }
    return {**body, **overrides}


async def create_news(client: AsyncClient, admin: Account, **overrides: Any) -> dict[str, Any]:
    response = await client.post(NEWS, headers=admin.headers, json=news_body(**overrides))
    return json_body(response, 201)


async def list_news(
    client: AsyncClient, person: Account | None = None, **params: Any
) -> dict[str, Any]:
    headers = person.headers if person else {}
    return json_body(await client.get(NEWS, headers=headers, params=params))


def slugs(page: dict[str, Any]) -> list[str]:
    return [item["slug"] for item in page["items"]]


def delivery(external_id: str = "cms-1", **overrides: Any) -> dict[str, Any]:
    return {"external_id": external_id, **news_body(**overrides)}


def signed(body: bytes, *, secret: str = WEBHOOK_SECRET, at: float | None = None) -> dict[str, str]:
    """The headers a CMS holding `secret` sends with `body` at unix time `at` (default now)."""
    timestamp = str(int(time.time() if at is None else at))
    return {
        "Content-Type": "application/json",
        "X-Timestamp": timestamp,
        "X-Signature": sign(secret.encode(), timestamp, body),
    }


async def deliver(client: AsyncClient, payload: dict[str, Any], **signing: Any) -> Response:
    """POST `payload` to the webhook, signed as the test CMS signs it."""
    body = json.dumps(payload).encode()
    return await client.post(WEBHOOK, content=body, headers=signed(body, **signing))
