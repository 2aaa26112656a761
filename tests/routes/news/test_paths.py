"""One path, `/news/{news_ref}`, for reads by slug and an admin's changes by id; the concrete
`/news/webhook` outranks it, so `webhook` is a slug no item may take."""

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from httpx import AsyncClient

from database.models import RESERVED_SLUGS
from tests.helpers.accounts import Account
from tests.helpers.news import NEWS, WEBHOOK, create_news, deliver, delivery, news_body, news_path
from tests.helpers.problems import assert_problem, assert_validation_error, json_body

REF_PATH = f"{NEWS}/{{news_ref}}"


async def test_one_templated_path_serves_reads_and_changes(client: AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert not [
        path for path in spec["paths"] if path.startswith(f"{NEWS}/{{") and path != REF_PATH
    ]
    operations = spec["paths"][REF_PATH]
    ids = {method: operation["operationId"] for method, operation in operations.items()}
    assert ids == {"get": "news-get", "patch": "news-update", "delete": "news-delete"}
    schemas = {
        method: next(p for p in operation["parameters"] if p["name"] == "news_ref")["schema"]
        for method, operation in operations.items()
    }
    assert schemas["get"]["type"] == "string"
    assert schemas["patch"]["format"] == schemas["delete"]["format"] == "uuid"


async def test_the_create_links_the_slug_to_reads_and_the_id_to_changes(
    client: AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    links = spec["paths"][NEWS]["post"]["responses"]["201"]["links"]
    assert links["news-get"]["parameters"] == {"news_ref": "$response.body#/slug"}
    assert links["news-update"]["parameters"] == {"news_ref": "$response.body#/id"}
    assert links["news-delete"]["parameters"] == {"news_ref": "$response.body#/id"}


async def test_options_on_an_item_names_its_three_methods(client: AsyncClient) -> None:
    response = await client.options(news_path("some-slug"))
    assert_problem(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, PATCH, DELETE"


async def test_other_methods_on_the_webhook_are_405_with_allow_post(
    client: AsyncClient, admin: Account
) -> None:
    for method in ("GET", "PATCH", "DELETE", "PUT", "OPTIONS"):
        response = await client.request(method, WEBHOOK, headers=admin.headers, json={})
        assert_problem(response, 405, "method_not_allowed")
        assert response.headers["allow"] == "POST", method
        assert response.headers["content-type"] == "application/problem+json"


async def test_a_malformed_id_stays_a_422_on_changes(client: AsyncClient, admin: Account) -> None:
    response = await client.patch(news_path("not-a-uuid"), headers=admin.headers, json={})
    assert_validation_error(response, field="news_ref")


async def test_webhook_is_a_reserved_slug_on_create_and_change(
    client: AsyncClient, admin: Account
) -> None:
    assert "webhook" in RESERVED_SLUGS
    created = await client.post(NEWS, headers=admin.headers, json=news_body(slug="webhook"))
    assert_validation_error(created, field="slug")
    item = await create_news(client, admin)
    renamed = await client.patch(
        news_path(item["id"]), headers=admin.headers, json={"slug": "webhook"}
    )
    assert_validation_error(renamed, field="slug")


async def test_a_delivery_cannot_take_the_reserved_slug(cms: AsyncClient) -> None:
    response = await deliver(cms, delivery(slug="webhook"))
    assert_validation_error(response, field="slug")


async def test_a_title_that_would_be_the_reserved_slug_gets_a_suffix(
    client: AsyncClient, admin: Account
) -> None:
    item = await create_news(client, admin, title="Webhook!")
    assert item["slug"] == "webhook-1"
    read = json_body(await client.get(news_path("webhook-1")))
    assert read["id"] == item["id"]


async def test_every_concrete_sibling_of_an_item_path_is_reserved(app: FastAPI) -> None:
    # A slug equal to a concrete path beside `/news/{news_ref}` could never be read.
    siblings = {
        str(context.path_format).removeprefix(f"{NEWS}/")
        for context in iter_route_contexts(app.routes)
        if str(context.path_format).startswith(f"{NEWS}/") and "{" not in str(context.path_format)
    }
    assert siblings == {"webhook"}
    assert siblings <= RESERVED_SLUGS
