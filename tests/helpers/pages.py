"""Reading lists through the API: page by page, by cursor, and with hand-written cursors."""

import base64
import json
import math
from typing import Any

from httpx import AsyncClient, Response

from tests.helpers.accounts import Account
from tests.helpers.jobs import item_ids
from tests.helpers.problems import PAGE_KEYS, assert_problem, json_body


def ids_of(pages: list[Any]) -> list[str]:
    return [i for page in pages for i in item_ids(page)]


async def get(client: AsyncClient, user: Account, path: str, **params: Any) -> dict[str, Any]:
    return json_body(await client.get(path, headers=user.headers, params=params))


def assert_cursor_refused(response: Response) -> None:
    body = assert_problem(response, 422, "validation_error")
    assert body["errors"][0]["loc"] == ["query", "cursor"]


def forge(*payload: Any) -> str:
    """A cursor written by hand: base64url of a JSON array, the way the server writes one."""
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()


async def walk(client: AsyncClient, user: Account, path: str, **params: Any) -> list[Any]:
    """Every page of a list, each reached through the previous page's `next_cursor`."""
    pages = [await get(client, user, path, **params)]
    while pages[-1]["next_cursor"] is not None:
        params["cursor"] = pages[-1]["next_cursor"]
        pages.append(await get(client, user, path, **params))
    for number, page in enumerate(pages, start=pages[0]["page"]):
        assert set(page) == PAGE_KEYS
        assert (page["page"], page["total"]) == (number, pages[0]["total"])
    return pages


async def assert_walk_matches_numbers(
    client: AsyncClient, user: Account, path: str, page_size: int, **params: Any
) -> list[str]:
    """Cursor pages hold what numbered pages hold; returns the ids of the whole walk."""
    walked = await walk(client, user, path, page_size=page_size, **params)
    numbered = [
        await get(client, user, path, **params, page=n, page_size=page_size)
        for n in range(1, max(1, math.ceil(walked[0]["total"] / page_size)) + 1)
    ]
    # Same rows, same next cursors (a numbered page hands out the cursor of the next one).
    for key in ("items", "next_cursor"):
        assert [page[key] for page in walked] == [page[key] for page in numbered]
    assert numbered[-1]["next_cursor"] is None
    ids = ids_of(walked)
    assert len(ids) == len(set(ids)) == walked[0]["total"]
    return ids
