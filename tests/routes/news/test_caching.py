"""Public news reads carry a strong ETag and a short public Cache-Control, and answer 304
to a matching If-None-Match; an admin's view with drafts is never stored by a cache."""

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.news import NEWS, create_news, news_path
from tests.helpers.problems import json_body

READS = [NEWS, news_path("launch")]
PUBLIC_CACHE = "public, max-age=60"


@pytest.fixture
async def item(client: AsyncClient, admin: Account) -> dict[str, object]:
    return await create_news(client, admin, title="Launch")


@pytest.mark.parametrize("path", READS)
@pytest.mark.usefixtures("item")
async def test_a_public_read_is_tagged_and_cacheable(client: AsyncClient, path: str) -> None:
    response = await client.get(path)
    json_body(response)
    etag = response.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert response.headers["cache-control"] == PUBLIC_CACHE
    again = await client.get(path)
    assert again.headers["etag"] == etag


@pytest.mark.parametrize("path", READS)
@pytest.mark.usefixtures("item")
async def test_a_matching_if_none_match_is_304_without_a_body(
    client: AsyncClient, path: str
) -> None:
    etag = (await client.get(path)).headers["etag"]
    for condition in (etag, f"W/{etag}", f'"other", {etag}', '"a,b",' + etag, "*"):
        response = await client.get(path, headers={"If-None-Match": condition})
        assert response.status_code == 304, condition
        assert response.content == b""
        assert response.headers["etag"] == etag
        assert response.headers["cache-control"] == PUBLIC_CACHE


@pytest.mark.parametrize("path", READS)
@pytest.mark.usefixtures("item")
async def test_another_tag_gets_the_full_answer(client: AsyncClient, path: str) -> None:
    etag = (await client.get(path)).headers["etag"]
    for condition in ('"other"', etag.strip('"'), 'W/"other", "more"', "garbage, " + etag):
        response = await client.get(path, headers={"If-None-Match": condition})
        assert response.status_code == 200, condition
        assert response.headers["etag"] == etag


async def test_the_tag_changes_with_the_content(
    client: AsyncClient,
    admin: Account,
    item: dict[str, object],
) -> None:
    before = {path: (await client.get(path)).headers["etag"] for path in READS}
    changed = await client.patch(
        news_path(item["id"]), headers=admin.headers, json={"summary": "Now with more."}
    )
    json_body(changed)
    for path in READS:
        response = await client.get(path, headers={"If-None-Match": before[path]})
        assert response.status_code == 200
        assert response.headers["etag"] != before[path]


@pytest.mark.parametrize("path", READS)
@pytest.mark.usefixtures("item")
async def test_an_admins_view_with_drafts_is_not_stored(
    client: AsyncClient,
    admin: Account,
    path: str,
) -> None:
    public_etag = (await client.get(path)).headers["etag"]
    response = await client.get(
        path,
        headers={**admin.headers, "If-None-Match": public_etag},
        params={"include_drafts": "true"},
    )
    json_body(response)
    assert response.headers["cache-control"] == "private, no-store"
    assert "etag" not in response.headers


async def test_errors_are_not_tagged(client: AsyncClient, users: AccountFactory) -> None:
    missing = await client.get(news_path("missing"), headers={"If-None-Match": "*"})
    assert missing.status_code == 404
    assert "etag" not in missing.headers
    person = await users.create()
    refused = await client.get(NEWS, headers=person.headers, params={"include_drafts": "true"})
    assert refused.status_code == 403
    assert "etag" not in refused.headers
