"""GET /proposals and /proposals/{id}: two boxes, each party sees its own, nobody else any."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.problems import (
    BAD_PAGING_PARAMS,
    PAGE_KEYS,
    assert_not_found,
    assert_unauthorized,
    assert_validation_error,
    json_body,
)
from tests.helpers.proposals import PROPOSALS, ids, list_proposals, proposal_path, send


@pytest.fixture
async def sender(users: AccountFactory) -> Account:
    return await users.create()


@pytest.fixture
async def recipient(users: AccountFactory) -> Account:
    return await users.create()


async def test_anonymous_is_unauthorized(client: AsyncClient) -> None:
    assert_unauthorized(await client.get(PROPOSALS))
    assert_unauthorized(await client.get(proposal_path("00000000-0000-4000-8000-000000000000")))


async def test_each_party_reads_it_and_a_third_user_gets_404(
    client: AsyncClient, users: AccountFactory, sender: Account, recipient: Account
) -> None:
    proposal = await send(client, sender, recipient)
    for party in (sender, recipient):
        read = await client.get(proposal_path(proposal["id"]), headers=party.headers)
        assert json_body(read) == proposal
    stranger = await users.create()
    assert_not_found(await client.get(proposal_path(proposal["id"]), headers=stranger.headers))
    assert (await list_proposals(client, stranger))["total"] == 0
    assert (await list_proposals(client, stranger, box="sent"))["total"] == 0


async def test_unknown_or_malformed_id(client: AsyncClient, sender: Account) -> None:
    unknown = proposal_path("00000000-0000-4000-8000-000000000000")
    assert_not_found(await client.get(unknown, headers=sender.headers))
    response = await client.get(proposal_path("nope"), headers=sender.headers)
    assert_validation_error(response, field="proposal_id")


async def test_received_is_the_default_box_and_sent_the_other(
    client: AsyncClient, sender: Account, recipient: Account
) -> None:
    first = await send(client, sender, recipient, title="First")
    second = await send(client, sender, recipient, title="Second")
    reply = await send(client, recipient, sender, title="Counter offer")

    received = await list_proposals(client, recipient)
    assert set(received) == PAGE_KEYS
    assert ids(received) == [second["id"], first["id"]]  # newest first
    assert received["total"] == 2
    assert ids(await list_proposals(client, recipient, box="received")) == ids(received)
    assert ids(await list_proposals(client, recipient, box="sent")) == [reply["id"]]
    assert ids(await list_proposals(client, sender, box="sent")) == [second["id"], first["id"]]
    assert ids(await list_proposals(client, sender)) == [reply["id"]]


async def test_sort_allow_list_and_id_tie_breaker(
    client: AsyncClient, sender: Account, recipient: Account
) -> None:
    made = [await send(client, sender, recipient, title=f"P{n}") for n in range(3)]
    oldest_first = await list_proposals(client, recipient, sort="created_at")
    assert ids(oldest_first) == [proposal["id"] for proposal in made]
    touched = json_body(
        await client.patch(
            proposal_path(made[0]["id"]), headers=sender.headers, json={"title": "Edited"}
        )
    )
    recently_changed = await list_proposals(client, recipient, sort="-updated_at")
    assert ids(recently_changed)[0] == touched["id"]
    for sort in ("title", "status", "-expires", "sender_id"):
        response = await client.get(PROPOSALS, headers=recipient.headers, params={"sort": sort})
        assert_validation_error(response, field="sort")


async def test_cursor_pages_cover_the_box_once(
    client: AsyncClient, sender: Account, recipient: Account
) -> None:
    made = {(await send(client, sender, recipient, title=f"P{n}"))["id"] for n in range(5)}
    seen: list[str] = []
    page = await list_proposals(client, recipient, page_size=2)
    while True:
        seen += ids(page)
        if page["next_cursor"] is None:
            break
        page = await list_proposals(client, recipient, page_size=2, cursor=page["next_cursor"])
    assert sorted(seen) == sorted(made)


@pytest.mark.parametrize(
    "params",
    [{"box": "inbox"}, {"box": ""}, {"status": "lost"}, *BAD_PAGING_PARAMS],
)
async def test_bad_parameters_are_422(
    client: AsyncClient, recipient: Account, params: dict[str, Any]
) -> None:
    response = await client.get(PROPOSALS, headers=recipient.headers, params=params)
    assert_validation_error(response, field=next(iter(params)))


async def test_deleted_proposals_leave_both_boxes(
    client: AsyncClient, sender: Account, recipient: Account
) -> None:
    kept, deleted = await send(client, sender, recipient), await send(client, sender, recipient)
    gone = await client.delete(proposal_path(deleted["id"]), headers=sender.headers)
    assert gone.status_code == 204
    assert ids(await list_proposals(client, recipient)) == [kept["id"]]
    assert ids(await list_proposals(client, sender, box="sent")) == [kept["id"]]
    for party in (sender, recipient):
        assert_not_found(await client.get(proposal_path(deleted["id"]), headers=party.headers))
