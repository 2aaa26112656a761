"""GET /news and GET /news/{slug}: public, published items only; admins add drafts."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.news import NEWS, NEWS_FIELDS, create_news, list_news, news_path, slugs
from tests.helpers.problems import (
    BAD_PAGING_PARAMS,
    PAGE_KEYS,
    assert_not_found,
    assert_problem,
    assert_timestamp,
    assert_unauthorized,
    assert_validation_error,
    json_body,
)
from tests.helpers.proposals import in_days


@pytest.fixture
async def three_states(client: AsyncClient, admin: Account) -> None:
    """One item published, one scheduled for tomorrow, one draft."""
    await create_news(client, admin, title="Published", published_at=in_days(-1))
    await create_news(client, admin, title="Scheduled", published_at=in_days(1))
    await create_news(client, admin, title="Draft", published_at=None)


@pytest.mark.usefixtures("three_states")
async def test_anyone_reads_published_items_only(
    client: AsyncClient, users: AccountFactory
) -> None:
    for person in (None, await users.create()):
        page = await list_news(client, person)
        assert set(page) == PAGE_KEYS
        assert slugs(page) == ["published"]
        assert page["total"] == 1
        [item] = page["items"]
        assert set(item) == NEWS_FIELDS
        assert item["status"] == "published"
        assert_timestamp(item["published_at"])


@pytest.mark.parametrize("slug", ["%00", "a%00b", "Not-A-Slug", "a--b", "x" * 201])
async def test_a_path_that_is_no_slug_is_not_found(client: AsyncClient, slug: str) -> None:
    # Never looked up: no item can have it, and PostgreSQL cannot compare text holding NUL.
    assert_not_found(await client.get(news_path(slug)))


@pytest.mark.usefixtures("three_states")
async def test_a_scheduled_or_draft_item_is_not_found_by_slug(client: AsyncClient) -> None:
    assert json_body(await client.get(news_path("published")))["title"] == "Published"
    for slug in ("scheduled", "draft", "missing"):
        assert_not_found(await client.get(news_path(slug)))


@pytest.mark.usefixtures("three_states")
async def test_an_admin_lists_drafts_and_scheduled_items_on_request(
    client: AsyncClient, admin: Account
) -> None:
    assert slugs(await list_news(client, admin)) == ["published"]
    page = await list_news(client, admin, include_drafts="true")
    # Newest publication first; a draft has none and comes last.
    statuses = {item["slug"]: item["status"] for item in page["items"]}
    assert list(statuses) == ["scheduled", "published", "draft"]
    assert statuses == {"scheduled": "scheduled", "published": "published", "draft": "draft"}
    for slug in statuses:
        response = await client.get(
            news_path(slug), headers=admin.headers, params={"include_drafts": "true"}
        )
        assert json_body(response)["slug"] == slug


@pytest.mark.parametrize("path", [NEWS, news_path("draft")])
@pytest.mark.usefixtures("three_states")
async def test_drafts_need_an_admin(client: AsyncClient, users: AccountFactory, path: str) -> None:
    drafts = {"include_drafts": "true"}
    assert_unauthorized(await client.get(path, params=drafts))
    bad_token = {"Authorization": "Bearer not-a-token"}
    assert_unauthorized(await client.get(path, params=drafts, headers=bad_token))
    person = await users.create()
    assert_problem(await client.get(path, params=drafts, headers=person.headers), 403, "forbidden")


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer"])
@pytest.mark.usefixtures("three_states")
async def test_the_public_read_ignores_any_authorization_header(
    client: AsyncClient, header: str
) -> None:
    response = await client.get(NEWS, headers={"Authorization": header})
    assert slugs(json_body(response)) == ["published"]
    assert json_body(await client.get(news_path("published"), headers={"Authorization": header}))


async def test_newest_first_with_ties_broken_by_id(client: AsyncClient, admin: Account) -> None:
    same_time = in_days(-2)
    tied = [
        await create_news(client, admin, title=f"Tied {number}", published_at=same_time)
        for number in range(3)
    ]
    await create_news(client, admin, title="Newest", published_at=in_days(-1))
    await create_news(client, admin, title="Oldest", published_at=in_days(-3))
    tied_slugs = [item["slug"] for item in sorted(tied, key=lambda item: item["id"], reverse=True)]
    assert slugs(await list_news(client)) == ["newest", *tied_slugs, "oldest"]
    ascending = await list_news(client, sort="published_at")
    assert slugs(ascending) == ["oldest", *reversed(tied_slugs), "newest"]


async def test_pages_and_cursors_walk_the_same_list(client: AsyncClient, admin: Account) -> None:
    for day in range(1, 6):
        await create_news(client, admin, title=f"Day {day}", published_at=in_days(-day))
    first = await list_news(client, page_size=2)
    assert (first["total"], first["page"], slugs(first)) == (5, 1, ["day-1", "day-2"])
    second = await list_news(client, page_size=2, cursor=first["next_cursor"])
    assert (second["page"], slugs(second)) == (2, ["day-3", "day-4"])
    numbered = await list_news(client, page_size=2, page=3)
    assert (slugs(numbered), numbered["next_cursor"]) == (["day-5"], None)


async def test_q_searches_title_and_summary_ignoring_case(
    client: AsyncClient, admin: Account
) -> None:
    await create_news(client, admin, title="Release NOTES", summary="Plain")
    await create_news(client, admin, title="Quarterly", summary="Our release train")
    await create_news(client, admin, title="Unrelated", summary="Other", body="release")
    await create_news(client, admin, title="Percent 100%", summary="Literal wildcards")
    found = await list_news(client, q="release")
    assert sorted(slugs(found)) == ["quarterly", "release-notes"]
    assert slugs(await list_news(client, q="0%")) == ["percent-100"]
    assert slugs(await list_news(client, q="%")) == ["percent-100"]
    assert slugs(await list_news(client, q="_")) == []


async def test_tag_matches_one_tag_exactly_ignoring_case(
    client: AsyncClient, admin: Account
) -> None:
    await create_news(client, admin, title="Tagged", tags=["Hiring", "events"])
    await create_news(client, admin, title="Other", tags=["hiring-tips"])
    assert slugs(await list_news(client, tag="HIRING")) == ["tagged"]
    assert slugs(await list_news(client, tag="hir")) == []
    assert slugs(await list_news(client, tag="hiring", q="other")) == []


@pytest.mark.parametrize(
    "params", [*BAD_PAGING_PARAMS, {"sort": "title"}, {"include_drafts": "maybe"}]
)
async def test_bad_list_parameters_are_422(client: AsyncClient, params: dict[str, Any]) -> None:
    assert_validation_error(await client.get(NEWS, params=params))


async def test_a_deleted_item_is_gone_from_every_read(client: AsyncClient, admin: Account) -> None:
    item = await create_news(client, admin, title="Short lived")
    deleted = await client.delete(news_path(item["id"]), headers=admin.headers)
    assert deleted.status_code == 204
    assert_not_found(await client.get(news_path("short-lived")))
    assert (await list_news(client, admin, include_drafts="true"))["items"] == []
