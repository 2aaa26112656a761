"""POST /news/webhook refuses anything not provably signed by the CMS just now (401), and is
503 where no secret is configured; the body is read only once the signature holds."""

import json
import time
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.news import WEBHOOK, deliver, delivery, list_news, signed
from tests.helpers.problems import assert_problem, assert_validation_error, json_body
from utils.webhook_signatures import TOLERANCE_SECONDS

BODY = json.dumps(delivery()).encode()
# Well inside and well outside the five minutes either way, so no test depends on its speed.
FRESH_OFFSETS = [-(TOLERANCE_SECONDS - 60), TOLERANCE_SECONDS - 60]
STALE_OFFSETS = [-(TOLERANCE_SECONDS + 60), TOLERANCE_SECONDS + 60, -86_400 * 365]


def assert_signature_refused(response: Any) -> None:
    body = assert_problem(response, 401, "unauthorized")
    assert "signed" in body["detail"]
    assert response.headers["www-authenticate"].startswith("HMAC-SHA256")


async def assert_nothing_stored(cms: AsyncClient) -> None:
    assert (await list_news(cms))["total"] == 0


async def test_without_a_secret_the_webhook_is_503(client: AsyncClient) -> None:
    response = await client.post(WEBHOOK, content=BODY, headers=signed(BODY))
    assert_problem(response, 503, "service_unavailable")


@pytest.mark.parametrize("offset", FRESH_OFFSETS)
async def test_a_signed_fresh_delivery_is_accepted(cms: AsyncClient, offset: int) -> None:
    response = await cms.post(WEBHOOK, content=BODY, headers=signed(BODY, at=time.time() + offset))
    assert json_body(response, 201)["external_id"] == "cms-1"


@pytest.mark.parametrize("offset", STALE_OFFSETS)
async def test_a_stale_timestamp_is_refused(cms: AsyncClient, offset: int) -> None:
    response = await cms.post(WEBHOOK, content=BODY, headers=signed(BODY, at=time.time() + offset))
    assert_signature_refused(response)
    await assert_nothing_stored(cms)


@pytest.mark.parametrize("missing", ["X-Timestamp", "X-Signature"])
async def test_a_missing_header_is_refused(cms: AsyncClient, missing: str) -> None:
    headers = {name: value for name, value in signed(BODY).items() if name != missing}
    assert_signature_refused(await cms.post(WEBHOOK, content=BODY, headers=headers))


def malformed(headers: dict[str, str]) -> list[dict[str, str]]:
    digest = headers["X-Signature"].removeprefix("sha256=")
    return [
        {**headers, "X-Signature": digest},
        {**headers, "X-Signature": f"sha1={digest}"},
        {**headers, "X-Signature": f"sha256={digest[:-2]}"},
        {**headers, "X-Signature": f"sha256={digest[:-1]}g"},
        {**headers, "X-Signature": ""},
        {**headers, "X-Timestamp": headers["X-Timestamp"] + ".0"},
        {**headers, "X-Timestamp": "-" + headers["X-Timestamp"]},
        {**headers, "X-Timestamp": "yesterday"},
        {**headers, "X-Timestamp": "9" * 40},
    ]


async def test_malformed_headers_are_refused(cms: AsyncClient) -> None:
    for headers in malformed(signed(BODY)):
        assert_signature_refused(await cms.post(WEBHOOK, content=BODY, headers=headers))
    await assert_nothing_stored(cms)


async def test_a_wrong_signature_is_refused(cms: AsyncClient) -> None:
    wrong_secret = signed(BODY, secret="not-the-shared-secret-at-all-no")
    assert_signature_refused(await cms.post(WEBHOOK, content=BODY, headers=wrong_secret))
    other_time = signed(BODY)
    other_time["X-Timestamp"] = str(int(other_time["X-Timestamp"]) - 1)
    assert_signature_refused(await cms.post(WEBHOOK, content=BODY, headers=other_time))
    await assert_nothing_stored(cms)


async def test_a_body_changed_after_signing_is_refused(cms: AsyncClient) -> None:
    headers = signed(BODY)
    for tampered in (BODY.replace(b"cms-1", b"cms-2"), BODY + b" ", BODY[:-1]):
        assert_signature_refused(await cms.post(WEBHOOK, content=tampered, headers=headers))
    await assert_nothing_stored(cms)


async def test_the_signature_covers_the_exact_bytes(cms: AsyncClient) -> None:
    """Equivalent JSON spelled differently is a different delivery: signed as sent, it is
    accepted; re-serialised by anyone in between, it is refused."""
    spaced = json.dumps(delivery(), indent=2).encode()
    assert json_body(await cms.post(WEBHOOK, content=spaced, headers=signed(spaced)), 201)
    refused = await cms.post(WEBHOOK, content=BODY, headers=signed(spaced))
    assert_signature_refused(refused)


async def test_a_repeated_header_is_refused(cms: AsyncClient) -> None:
    headers = signed(BODY)
    repeated = [*headers.items(), ("X-Signature", headers["X-Signature"])]
    assert_signature_refused(await cms.post(WEBHOOK, content=BODY, headers=repeated))


async def test_an_unsigned_bad_body_is_401_not_422(cms: AsyncClient) -> None:
    assert_signature_refused(await cms.post(WEBHOOK, content=b"{not json"))


async def test_a_signed_body_is_then_validated(cms: AsyncClient) -> None:
    for payload in (b"{not json", b"[]", json.dumps({"title": "No id"}).encode()):
        assert_validation_error(await cms.post(WEBHOOK, content=payload, headers=signed(payload)))
    extra = {**delivery(), "author_id": "someone"}
    assert_validation_error(await deliver(cms, extra), field="author_id")
    text_headers = {**signed(BODY), "Content-Type": "text/plain"}
    response = await cms.post(WEBHOOK, content=BODY, headers=text_headers)
    assert_problem(response, 415, "unsupported_media_type")
    await assert_nothing_stored(cms)


async def test_an_oversized_delivery_is_413(cms: AsyncClient) -> None:
    huge = json.dumps(delivery(body="x" * (1024 * 1024))).encode()
    assert_problem(
        await cms.post(WEBHOOK, content=huge, headers=signed(huge)), 413, "payload_too_large"
    )

    async def streamed() -> Any:
        yield huge

    response = await cms.post(WEBHOOK, content=streamed(), headers=signed(huge))
    assert_problem(response, 413, "payload_too_large")
