"""POST, PATCH and DELETE /news: admins only; slugs derived, validated and unique among live
items; the author is the server's to set."""

import asyncio
import uuid
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.news import NEWS, NEWS_FIELDS, create_news, news_body, news_path
from tests.helpers.problems import (
    assert_not_found,
    assert_problem,
    assert_unauthorized,
    assert_validation_error,
    json_body,
)
from tests.helpers.proposals import in_days


async def test_an_admin_creates_an_item_authored_by_them(
    client: AsyncClient, admin: Account
) -> None:
    body = news_body(title="  Hello  ", tags=["Launch", "launch", "News"])
    created = json_body(await client.post(NEWS, headers=admin.headers, json=body), 201)
    assert set(created) == NEWS_FIELDS
    assert created["title"] == "Hello"
    assert created["slug"] == "hello"
    assert created["tags"] == ["launch", "news"]
    assert created["author_id"] == str(admin.id)
    assert created["external_id"] is None
    assert created["status"] == "published"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Café, crème & brûlée!", "cafe-creme-brulee"),
        ("Straße nach Łódź", "strasse-nach-lodz"),
        ("  -- 2027: The Year --  ", "2027-the-year"),
        # Folding may lengthen a title; a long slug is cut between words, or within one.
        ("ß " * 100, "-".join(["ss"] * 67)),
        ("ﬁ" * 150, "fi" * 100),
    ],
)
async def test_the_slug_is_derived_from_the_title(
    client: AsyncClient, admin: Account, title: str, slug: str
) -> None:
    assert (await create_news(client, admin, title=title))["slug"] == slug


async def test_a_title_with_nothing_to_derive_from_needs_a_slug(
    client: AsyncClient, admin: Account
) -> None:
    response = await client.post(NEWS, headers=admin.headers, json=news_body(title="東京 ニュース"))
    assert_validation_error(response, field="slug")
    given = await create_news(client, admin, title="東京 ニュース", slug="tokyo-news")
    assert given["slug"] == "tokyo-news"


@pytest.mark.parametrize(
    "slug", ["", "Upper", "two--dashes", "-leading", "trailing-", "under_score", "é", "a" * 201]
)
async def test_a_given_slug_must_be_lower_case_words_joined_by_dashes(
    client: AsyncClient, admin: Account, slug: str
) -> None:
    response = await client.post(NEWS, headers=admin.headers, json=news_body(slug=slug))
    assert_validation_error(response, field="slug")


async def test_a_slug_is_unique_among_live_items_only(client: AsyncClient, admin: Account) -> None:
    first = await create_news(client, admin, title="Same title")
    again = await client.post(NEWS, headers=admin.headers, json=news_body(title="Same title"))
    assert_problem(again, 409, "conflict")
    given = await client.post(NEWS, headers=admin.headers, json=news_body(slug="same-title"))
    assert_problem(given, 409, "conflict")
    assert (await client.delete(news_path(first["id"]), headers=admin.headers)).status_code == 204
    reused = await create_news(client, admin, title="Same title")
    assert reused["slug"] == "same-title"
    assert reused["id"] != first["id"]


async def test_concurrent_creates_of_one_slug_make_one_item(
    client: AsyncClient, admin: Account
) -> None:
    responses = await asyncio.gather(
        *(
            client.post(NEWS, headers=admin.headers, json=news_body(title=f"Race {n}", slug="race"))
            for n in range(4)
        )
    )
    assert sorted(response.status_code for response in responses) == [201, 409, 409, 409]
    for response in responses:
        if response.status_code == 409:
            assert_problem(response, 409, "conflict")


@pytest.mark.parametrize(
    "field",
    ["id", "author_id", "status", "external_id", "created_at", "updated_at", "deleted_at"],
)
async def test_server_set_fields_are_refused(
    client: AsyncClient, admin: Account, field: str
) -> None:
    body = news_body(**{field: str(uuid.uuid4())})
    assert_validation_error(await client.post(NEWS, headers=admin.headers, json=body), field=field)


@pytest.mark.parametrize(
    "changes",
    [
        {"title": ""},
        {"summary": "   "},
        {"body": None},
        {"tags": None},
        {"published_at": "2027-01-01T10:00:00"},  # no offset
        {"published_at": "9999-12-31T23:59:59-14:00"},  # past year 9999 in UTC
        {"published_at": "0001-01-01T00:00:00+14:00"},  # before year 1 in UTC
        {"title": "x" * 201},
    ],
)
async def test_invalid_fields_are_422(
    client: AsyncClient, admin: Account, changes: dict[str, Any]
) -> None:
    assert_validation_error(
        await client.post(NEWS, headers=admin.headers, json=news_body(**changes))
    )
    item = await create_news(client, admin)
    response = await client.patch(news_path(item["id"]), headers=admin.headers, json=changes)
    assert_validation_error(response)


async def test_patch_changes_what_is_sent_and_keeps_the_slug(
    client: AsyncClient, admin: Account
) -> None:
    item = await create_news(client, admin, title="First title", published_at=None)
    assert item["status"] == "draft"
    path = news_path(item["id"])
    scheduled = json_body(
        await client.patch(path, headers=admin.headers, json={"published_at": in_days(2)})
    )
    assert scheduled["status"] == "scheduled"
    renamed = json_body(
        await client.patch(path, headers=admin.headers, json={"title": "Second title"})
    )
    assert (renamed["title"], renamed["slug"]) == ("Second title", "first-title")
    assert renamed["summary"] == item["summary"]
    no_slug = await client.patch(path, headers=admin.headers, json={"slug": None})
    assert_validation_error(no_slug, field="slug")
    moved = json_body(await client.patch(path, headers=admin.headers, json={"slug": "second"}))
    assert moved["slug"] == "second"
    drafted = json_body(
        await client.patch(path, headers=admin.headers, json={"published_at": None})
    )
    assert (drafted["status"], drafted["published_at"]) == ("draft", None)


async def test_patch_to_another_items_slug_is_409(client: AsyncClient, admin: Account) -> None:
    await create_news(client, admin, title="Taken")
    item = await create_news(client, admin, title="Mine")
    path = news_path(item["id"])
    assert_problem(
        await client.patch(path, headers=admin.headers, json={"slug": "taken"}), 409, "conflict"
    )
    same = await client.patch(path, headers=admin.headers, json={"slug": "mine"})
    assert json_body(same)["updated_at"] == item["updated_at"]


async def test_only_admins_write(
    client: AsyncClient, admin: Account, users: AccountFactory
) -> None:
    item = await create_news(client, admin)
    person = await users.create()
    path = news_path(item["id"])
    requests = [
        ("POST", NEWS),
        ("PATCH", path),
        ("DELETE", path),
        ("PATCH", news_path(uuid.uuid4())),
    ]
    for method, url in requests:
        body = news_body() if method == "POST" else {"title": "Mine now"}
        assert_unauthorized(await client.request(method, url, json=body))
        response = await client.request(method, url, json=body, headers=person.headers)
        assert_problem(response, 403, "forbidden")
    assert (await client.get(news_path(item["slug"]))).json()["title"] == item["title"]


async def test_unknown_or_deleted_items_are_404(client: AsyncClient, admin: Account) -> None:
    item = await create_news(client, admin)
    path = news_path(item["id"])
    assert (await client.delete(path, headers=admin.headers)).status_code == 204
    for url in (path, news_path(uuid.uuid4())):
        assert_not_found(await client.patch(url, headers=admin.headers, json={"title": "Back"}))
        assert_not_found(await client.delete(url, headers=admin.headers))
    assert_validation_error(await client.delete(news_path("not-a-uuid"), headers=admin.headers))


async def test_news_outlives_its_authors_account(
    client: AsyncClient, users: AccountFactory, admin: Account
) -> None:
    item = await create_news(client, admin)
    assert (await client.delete("/api/v1/auth/me", headers=admin.headers)).status_code == 204
    kept = json_body(await client.get(news_path(item["slug"])))
    assert kept["author_id"] == str(admin.id)
    other = await users.admin()
    edited = await client.patch(news_path(item["id"]), headers=other.headers, json={"title": "New"})
    assert json_body(edited)["author_id"] == str(admin.id)


async def test_create_replays_with_an_idempotency_key(client: AsyncClient, admin: Account) -> None:
    headers, body = {**admin.headers, "Idempotency-Key": "news-create-1"}, news_body()
    first = await client.post(NEWS, headers=headers, json=body)
    again = await client.post(NEWS, headers=headers, json=body)
    assert json_body(again, 201) == json_body(first, 201)
    assert again.headers["idempotent-replayed"] == "true"
    assert (await client.get(NEWS)).json()["total"] == 1
