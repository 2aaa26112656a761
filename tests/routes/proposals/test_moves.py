"""PATCH and DELETE /proposals/{id}: each party's moves, term edits, and expiry as a read-time fact.

While pending, the recipient accepts or declines and the sender edits the terms or withdraws.
A move that belongs to the other party is 403; any other move, to the same status, from a
settled or an expired proposal, is 400 `invalid_transition`. Nobody sets `expired`.
"""

from itertools import product

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.problems import (
    assert_not_found,
    assert_problem,
    assert_validation_error,
    json_body,
)
from tests.helpers.proposals import (
    in_days,
    let_expire,
    list_proposals,
    patch_proposal,
    proposal_path,
    send,
)

STATUSES = ["pending", "accepted", "declined", "withdrawn", "expired"]
# Written from SPEC §3/§5, not taken from the code.
MOVES = {"recipient": {"accepted", "declined"}, "sender": {"withdrawn"}}


def expected(party: str, current: str, target: str) -> tuple[int, str | None]:
    other = "sender" if party == "recipient" else "recipient"
    if target in MOVES[other]:
        return 403, "forbidden"
    if current == "pending" and target in MOVES[party]:
        return 200, None
    return 400, "invalid_transition"


@pytest.fixture
async def sender(users: AccountFactory) -> Account:
    return await users.create()


@pytest.fixture
async def recipient(users: AccountFactory) -> Account:
    return await users.create()


async def proposal_in(
    app: FastAPI, client: AsyncClient, sender: Account, recipient: Account, status: str
) -> str:
    proposal = await send(client, sender, recipient, expires_at=in_days(3))
    if status == "expired":
        await let_expire(app, proposal["id"])
    elif status != "pending":
        mover = sender if status == "withdrawn" else recipient
        json_body(await patch_proposal(client, mover, proposal["id"], status=status))
    return str(proposal["id"])


@pytest.mark.parametrize(
    ("party", "current", "target"), list(product(["sender", "recipient"], STATUSES, STATUSES))
)
async def test_status_machine(
    app: FastAPI,
    client: AsyncClient,
    sender: Account,
    recipient: Account,
    party: str,
    current: str,
    target: str,
) -> None:
    proposal_id = await proposal_in(app, client, sender, recipient, current)
    mover = sender if party == "sender" else recipient
    status, code = expected(party, current, target)

    response = await patch_proposal(client, mover, proposal_id, status=target)

    if code is None:
        assert json_body(response)["status"] == target
    else:
        assert_problem(response, status, code)
        after = json_body(await client.get(proposal_path(proposal_id), headers=mover.headers))
        assert after["status"] == current


async def test_expiry_is_read_in_items_lists_and_filters(
    app: FastAPI, client: AsyncClient, sender: Account, recipient: Account
) -> None:
    lapsed = await send(client, sender, recipient, expires_at=in_days(1))
    open_ended = await send(client, sender, recipient)
    later = await send(client, sender, recipient, expires_at=in_days(30))
    await let_expire(app, lapsed["id"])

    item = json_body(await client.get(proposal_path(lapsed["id"]), headers=recipient.headers))
    assert item["status"] == "expired"
    statuses = {p["id"]: p["status"] for p in (await list_proposals(client, recipient))["items"]}
    assert statuses == {
        lapsed["id"]: "expired",
        open_ended["id"]: "pending",
        later["id"]: "pending",
    }
    expired = await list_proposals(client, sender, box="sent", status="expired")
    assert [p["id"] for p in expired["items"]] == [lapsed["id"]]
    assert expired["total"] == 1
    pending = await list_proposals(client, recipient, status="pending")
    assert {p["id"] for p in pending["items"]} == {open_ended["id"], later["id"]}
    assert pending["total"] == 2


async def test_the_sender_edits_terms_while_pending(
    client: AsyncClient, sender: Account, recipient: Account
) -> None:
    proposal = await send(client, sender, recipient)
    rate = {"rate_amount": 80, "rate_currency": "usd", "rate_unit": "hour"}
    edited = json_body(await patch_proposal(client, sender, proposal["id"], title="New", **rate))
    assert (edited["title"], edited["rate_amount"], edited["rate_currency"]) == (
        "New",
        "80.00",
        "USD",
    )
    assert edited["status"] == "pending"
    assert edited["updated_at"] > proposal["updated_at"]

    without_unit = await patch_proposal(client, sender, proposal["id"], rate_unit=None)
    assert json_body(without_unit)["rate_unit"] is None
    one_part = await patch_proposal(client, sender, proposal["id"], rate_currency=None)
    assert_validation_error(one_part, field="rate_currency")
    cleared = await patch_proposal(
        client, sender, proposal["id"], rate_amount=None, rate_currency=None, rate_unit=None
    )
    assert json_body(cleared)["rate_amount"] is None
    for bad in ({"title": None}, {"expires_at": in_days(-1)}, {"recipient_id": str(sender.id)}):
        field = next(iter(bad))
        assert_validation_error(
            await patch_proposal(client, sender, proposal["id"], **bad), field=field
        )


async def test_terms_are_the_senders_and_only_while_pending(
    app: FastAPI, client: AsyncClient, sender: Account, recipient: Account
) -> None:
    proposal = await send(client, sender, recipient)
    refused = await patch_proposal(client, recipient, proposal["id"], title="Mine now")
    assert_problem(refused, 403, "forbidden")
    for status in ("accepted", "expired"):
        settled = await proposal_in(app, client, sender, recipient, status)
        late = await patch_proposal(client, sender, settled, message="Better offer")
        assert_problem(late, 400, "bad_request")


async def test_delete_is_the_senders(
    client: AsyncClient, users: AccountFactory, sender: Account, recipient: Account
) -> None:
    proposal = await send(client, sender, recipient)
    path = proposal_path(proposal["id"])
    assert_problem(await client.delete(path, headers=recipient.headers), 403, "forbidden")
    stranger = await users.create()
    assert_not_found(await client.delete(path, headers=stranger.headers))
    assert (await client.delete(path, headers=sender.headers)).status_code == 204
    assert_not_found(await client.delete(path, headers=sender.headers))
    assert_not_found(await patch_proposal(client, recipient, proposal["id"], status="accepted"))
