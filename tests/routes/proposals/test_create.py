"""POST /proposals: a pending offer to another active user, with an optional rate and deadline."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import create_job
from tests.helpers.problems import (
    assert_not_found,
    assert_problem,
    assert_timestamp,
    assert_unauthorized,
    assert_validation_error,
)
from tests.helpers.proposals import PROPOSALS, in_days, proposal_body, send

FIELDS = {
    "id",
    "created_at",
    "updated_at",
    "sender_id",
    "recipient_id",
    "job_id",
    "title",
    "message",
    "rate_amount",
    "rate_currency",
    "rate_unit",
    "expires_at",
    "status",
}
RATE = {"rate_amount": "450", "rate_currency": "eur", "rate_unit": "day"}


@pytest.fixture
async def sender(users: AccountFactory) -> Account:
    return await users.create()


@pytest.fixture
async def recipient(users: AccountFactory) -> Account:
    return await users.create()


async def test_anonymous_is_unauthorized(client: AsyncClient, recipient: Account) -> None:
    assert_unauthorized(await client.post(PROPOSALS, json=proposal_body(recipient)))


async def test_a_proposal_starts_pending_with_every_field(
    client: AsyncClient, sender: Account, recipient: Account
) -> None:
    deadline = in_days(7)
    body = await send(client, sender, recipient, expires_at=deadline, **RATE)

    assert set(body) == FIELDS
    assert body["status"] == "pending"
    assert body["sender_id"] == str(sender.id)
    assert body["recipient_id"] == str(recipient.id)
    assert body["job_id"] is None
    assert (body["rate_amount"], body["rate_currency"], body["rate_unit"]) == (
        "450.00",
        "EUR",
        "day",
    )
    assert assert_timestamp(body["expires_at"]).isoformat()[:19] == deadline[:19]
    assert_timestamp(body["created_at"])


async def test_without_rate_or_deadline(
    client: AsyncClient, sender: Account, recipient: Account
) -> None:
    body = await send(client, sender, recipient)
    assert body["rate_amount"] is body["rate_currency"] is body["rate_unit"] is None
    assert body["expires_at"] is None


@pytest.mark.parametrize(
    ("sent", "stored"),
    [(49.99, "49.99"), ("49.99", "49.99"), (50, "50.00"), ("0.5", "0.50"), (0, "0.00")],
)
async def test_amounts_are_two_place_strings(
    client: AsyncClient, sender: Account, recipient: Account, sent: Any, stored: str
) -> None:
    body = await send(client, sender, recipient, **{**RATE, "rate_amount": sent})
    assert body["rate_amount"] == stored


@pytest.mark.parametrize(
    "amount", [49.999, "49.999", "1e3", -1, "-0.50", True, "abc", "NaN", [], 10**15]
)
async def test_bad_amounts_are_refused(
    client: AsyncClient, sender: Account, recipient: Account, amount: Any
) -> None:
    body = proposal_body(recipient, **{**RATE, "rate_amount": amount})
    response = await client.post(PROPOSALS, headers=sender.headers, json=body)
    assert_validation_error(response, field="rate_amount")


@pytest.mark.parametrize(
    ("rate", "missing"),
    [
        ({"rate_amount": "450"}, "rate_currency"),
        ({"rate_amount": "450", "rate_unit": "day"}, "rate_currency"),
        ({"rate_currency": "EUR"}, "rate_amount"),
        ({"rate_unit": "day"}, "rate_amount"),
        ({"rate_currency": "EUR", "rate_unit": "day"}, "rate_amount"),
    ],
)
async def test_an_amount_needs_its_currency_and_a_unit_needs_an_amount(
    client: AsyncClient, sender: Account, recipient: Account, rate: dict[str, str], missing: str
) -> None:
    response = await client.post(
        PROPOSALS, headers=sender.headers, json=proposal_body(recipient, **rate)
    )
    assert_validation_error(response, field=missing)


async def test_the_unit_is_optional(
    client: AsyncClient, sender: Account, recipient: Account
) -> None:
    body = await send(client, sender, recipient, rate_amount=1200, rate_currency="usd")
    assert (body["rate_amount"], body["rate_currency"], body["rate_unit"]) == (
        "1200.00",
        "USD",
        None,
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"rate_currency": "EURO", "rate_amount": 1, "rate_unit": "day"},
        {"rate_unit": "week", "rate_amount": 1, "rate_currency": "EUR"},
        {"expires_at": in_days(-1)},
        {"expires_at": "2999-01-01T00:00:00"},  # no offset: ambiguous
        {"expires_at": "9999-12-31T23:59:59-14:00"},  # past year 9999 in UTC
        {"title": "   "},
        {"message": ""},
        {"title": "x" * 201},
        {"status": "accepted"},
        {"sender_id": "00000000-0000-0000-0000-000000000001"},
        {"recipient_id": "not-a-uuid"},
        {"job_id": "not-a-uuid"},
    ],
)
async def test_invalid_bodies_are_422(
    client: AsyncClient, sender: Account, recipient: Account, overrides: dict[str, Any]
) -> None:
    response = await client.post(
        PROPOSALS, headers=sender.headers, json=proposal_body(recipient, **overrides)
    )
    assert_validation_error(response, field=next(iter(overrides)))


async def test_to_yourself_is_400(client: AsyncClient, sender: Account) -> None:
    response = await client.post(PROPOSALS, headers=sender.headers, json=proposal_body(sender))
    assert_problem(response, 400, "bad_request")


async def test_unknown_deleted_or_deactivated_recipient_is_404(
    client: AsyncClient, users: AccountFactory, sender: Account
) -> None:
    deleted, inactive = await users.create(), await users.create(is_active=False)
    gone = await client.delete("/api/v1/auth/me", headers=deleted.headers)
    assert gone.status_code == 204
    unknown = proposal_body(sender, recipient_id="00000000-0000-4000-8000-000000000000")
    for body in (unknown, proposal_body(deleted), proposal_body(inactive)):
        assert_not_found(await client.post(PROPOSALS, headers=sender.headers, json=body))


async def test_job_must_be_one_of_the_senders_own(
    client: AsyncClient, sender: Account, recipient: Account
) -> None:
    own = await create_job(client, sender)
    body = await send(client, sender, recipient, job_id=own["id"])
    assert body["job_id"] == own["id"]

    others = await create_job(client, recipient, status="open")
    for job_id in (others["id"], "00000000-0000-4000-8000-000000000000"):
        response = await client.post(
            PROPOSALS, headers=sender.headers, json=proposal_body(recipient, job_id=job_id)
        )
        assert_not_found(response)


async def test_idempotency_key_replays_the_first_answer(
    client: AsyncClient, sender: Account, recipient: Account
) -> None:
    headers = {**sender.headers, "Idempotency-Key": "proposal-create-1"}
    body = proposal_body(recipient)
    first = await client.post(PROPOSALS, headers=headers, json=body)
    again = await client.post(PROPOSALS, headers=headers, json=body)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
