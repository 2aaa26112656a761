"""News changes log `news_created`, `news_published`, `news_updated`, `news_deleted` and, for
each webhook delivery, `news_received`, with ids only: never a title, summary or body."""

import logging
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account
from tests.helpers.news import NEWS, create_news, deliver, delivery, news_path
from tests.helpers.problems import assert_problem, json_body
from tests.helpers.proposals import in_days

TITLE, SUMMARY, BODY = "Secret headline 3a9f", "Secret summary 7c21", "Secret body 5e08"


def events(caplog: pytest.LogCaptureFixture, start: int) -> list[tuple[str, dict[str, Any]]]:
    return [
        (record.msg["event"], record.msg)
        for record in caplog.records[start:]
        if isinstance(record.msg, dict) and record.msg["event"].startswith("news_")
    ]


def assert_logged(
    caplog: pytest.LogCaptureFixture, start: int, expected: list[tuple[str, dict[str, Any]]]
) -> None:
    logged = events(caplog, start)
    assert [name for name, _ in logged] == [name for name, _ in expected]
    for (name, event), (_, fields) in zip(logged, expected, strict=True):
        assert fields.items() <= event.items(), name
    text = "\n".join(str(record.msg) for record in caplog.records[start:])
    for secret in (TITLE, SUMMARY, BODY):
        assert secret not in text


async def test_an_admin_items_life_is_logged_with_ids_only(
    client: AsyncClient, admin: Account, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    start = len(caplog.records)

    item = await create_news(
        client, admin, title=TITLE, summary=SUMMARY, body=BODY, published_at=None
    )
    path = news_path(item["id"])
    json_body(await client.patch(path, headers=admin.headers, json={"published_at": in_days(1)}))
    json_body(await client.patch(path, headers=admin.headers, json={"summary": SUMMARY + "!"}))
    json_body(await client.patch(path, headers=admin.headers, json={"summary": SUMMARY + "!"}))
    refused = await client.post(NEWS, headers=admin.headers, json={"title": TITLE})
    assert refused.status_code == 422
    assert (await client.delete(path, headers=admin.headers)).status_code == 204

    ids = {"news_id": item["id"], "author_id": str(admin.id)}
    assert_logged(
        caplog,
        start,
        [
            ("news_created", ids),
            ("news_updated", {**ids, "fields": ["published_at"]}),
            ("news_published", ids),
            ("news_updated", {**ids, "fields": ["summary"]}),
            ("news_deleted", ids),
        ],
    )


async def test_deliveries_are_logged_as_received(
    cms: AsyncClient, admin: Account, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await create_news(cms, admin, title="Taken")
    start = len(caplog.records)

    item = delivery(title=TITLE, body=BODY)
    created = json_body(await deliver(cms, item), 201)
    json_body(await deliver(cms, item))
    json_body(await deliver(cms, {**item, "summary": SUMMARY}))
    assert_problem(await deliver(cms, delivery("cms-2", title="Taken")), 409, "conflict")

    ids = {"news_id": created["id"], "author_id": None, "external_id": "cms-1"}
    assert_logged(
        caplog,
        start,
        [
            ("news_created", {"news_id": created["id"]}),
            ("news_published", {"news_id": created["id"]}),
            ("news_received", {**ids, "outcome": "created"}),
            ("news_received", {**ids, "outcome": "unchanged"}),
            ("news_updated", {"news_id": created["id"], "fields": ["summary"]}),
            ("news_received", {**ids, "outcome": "updated"}),
        ],
    )
