"""Deliveries upsert by `external_id`: 201 when new, 200 when updated, and a replay changes
nothing; concurrent deliveries of one item create it once."""

import asyncio
import json
from typing import Any

import pytest
from httpx import AsyncClient

from services import news_deliveries
from tests.helpers.accounts import Account
from tests.helpers.news import WEBHOOK, create_news, deliver, delivery, list_news, news_path, signed
from tests.helpers.problems import assert_problem, json_body
from tests.helpers.proposals import in_days


async def test_a_new_item_is_created(cms: AsyncClient) -> None:
    created = json_body(await deliver(cms, delivery("cms-7", title="From the CMS")), 201)
    assert created["external_id"] == "cms-7"
    assert created["slug"] == "from-the-cms"
    assert created["author_id"] is None
    assert created["status"] == "published"
    assert json_body(await cms.get(news_path("from-the-cms")))["id"] == created["id"]


async def test_a_known_item_is_updated(cms: AsyncClient) -> None:
    created = json_body(await deliver(cms, delivery(title="Before", tags=["a"])), 201)
    changed = delivery(title="After", slug="after", tags=["b"], published_at=in_days(3))
    updated = json_body(await deliver(cms, changed))
    assert updated["id"] == created["id"]
    assert (updated["title"], updated["slug"], updated["tags"]) == ("After", "after", ["b"])
    assert updated["status"] == "scheduled"
    assert updated["updated_at"] > created["updated_at"]
    assert (await list_news(cms))["total"] == 0


async def test_a_replay_changes_nothing(cms: AsyncClient) -> None:
    body = json.dumps(delivery()).encode()
    headers = signed(body)
    first = json_body(await cms.post(WEBHOOK, content=body, headers=headers), 201)
    for _ in range(2):
        again = json_body(await cms.post(WEBHOOK, content=body, headers=headers))
        assert again == first


async def test_without_a_slug_an_item_keeps_its_own(cms: AsyncClient) -> None:
    json_body(await deliver(cms, delivery(title="Original title")), 201)
    renamed = json_body(await deliver(cms, delivery(title="A new title")))
    assert (renamed["title"], renamed["slug"]) == ("A new title", "original-title")


async def test_omitted_fields_take_their_defaults(cms: AsyncClient) -> None:
    json_body(await deliver(cms, delivery(tags=["kept?"])), 201)
    bare = {key: value for key, value in delivery().items() if key not in {"tags", "published_at"}}
    updated = json_body(await deliver(cms, bare))
    assert (updated["tags"], updated["status"]) == ([], "draft")


async def test_a_slug_taken_by_another_item_is_409(cms: AsyncClient, admin: Account) -> None:
    await create_news(cms, admin, title="Admin item")
    response = await deliver(cms, delivery("cms-1", title="Admin item"))
    assert_problem(response, 409, "conflict")
    json_body(await deliver(cms, delivery("cms-2", title="Own")), 201)
    moved = await deliver(cms, delivery("cms-2", title="Own", slug="admin-item"))
    assert_problem(moved, 409, "conflict")
    assert (await list_news(cms))["total"] == 2


async def test_an_item_deleted_by_an_admin_comes_back_as_new(
    cms: AsyncClient, admin: Account
) -> None:
    first = json_body(await deliver(cms, delivery()), 201)
    assert (await cms.delete(news_path(first["id"]), headers=admin.headers)).status_code == 204
    again = json_body(await deliver(cms, delivery()), 201)
    assert again["id"] != first["id"]
    assert again["slug"] == first["slug"]


async def test_an_admin_may_edit_a_delivered_item(cms: AsyncClient, admin: Account) -> None:
    item = json_body(await deliver(cms, delivery()), 201)
    edited = await cms.patch(news_path(item["id"]), headers=admin.headers, json={"tags": ["x"]})
    assert json_body(edited)["external_id"] == "cms-1"
    assert json_body(await deliver(cms, delivery()))["tags"] == ["launch"]


async def test_concurrent_deliveries_of_one_item_create_it_once(cms: AsyncClient) -> None:
    payloads = [delivery("cms-race", summary=f"Version {number}") for number in range(6)]
    responses = await asyncio.gather(*(deliver(cms, payload) for payload in payloads))
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 5 + [201], [response.text for response in responses]
    assert len({response.json()["id"] for response in responses}) == 1
    assert (await list_news(cms))["total"] == 1


async def test_a_lost_race_is_settled_by_the_unique_indexes(
    cms: AsyncClient, admin: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As if another delivery committed between our lookup and our insert (the timing only
    PostgreSQL can produce): the unique indexes catch it, and the item is updated instead;
    a slug another item took meanwhile is a 409."""
    item = delivery()
    created = json_body(await deliver(cms, item), 201)
    find = news_deliveries._find
    misses: list[bool] = []

    async def miss_first_lookup(*args: Any) -> Any:
        misses.append(len(misses) % 2 == 0)
        return None if misses[-1] else await find(*args)

    monkeypatch.setattr(news_deliveries, "_find", miss_first_lookup)
    # Caught by the slug check (the item has it), then by the index on external_id.
    for raced in ({**item, "tags": ["raced"]}, {**item, "title": "Raced", "tags": ["again"]}):
        updated = json_body(await deliver(cms, raced))
        assert (updated["id"], updated["tags"]) == (created["id"], raced["tags"])
    assert misses == [True, False, True, False]

    await create_news(cms, admin, title="Taken")

    async def slug_looks_free(*_args: Any, **_kwargs: Any) -> None:
        return None

    monkeypatch.setattr("services.news.ensure_slug_free", slug_looks_free)
    assert_problem(await deliver(cms, delivery("cms-2", title="Taken")), 409, "conflict")
    assert (await list_news(cms))["total"] == 2
