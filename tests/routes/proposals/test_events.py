"""Proposal changes log `proposal_sent`, `proposal_updated`, `proposal_status_changed` (with
the previous and new status) and `proposal_deleted`, with ids only: never a title or message."""

import logging
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.problems import assert_problem, json_body
from tests.helpers.proposals import patch_proposal, proposal_path, send

TITLE, MESSAGE, NEW_TITLE = "Secret offer 5e1d", "Secret terms 0c9a", "Better offer 7b3f"


def events(caplog: pytest.LogCaptureFixture, start: int) -> list[dict[str, Any]]:
    return [
        record.msg
        for record in caplog.records[start:]
        if isinstance(record.msg, dict) and record.msg["event"].startswith("proposal_")
    ]


async def test_a_proposals_life_is_logged_with_ids_only(
    client: AsyncClient, users: AccountFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    employer, talent = await users.create(), await users.create()
    start = len(caplog.records)

    proposal = await send(client, employer, talent, title=TITLE, message=MESSAGE)
    json_body(await patch_proposal(client, employer, proposal["id"], title=NEW_TITLE))
    json_body(await patch_proposal(client, talent, proposal["id"], status="declined"))
    refused = await patch_proposal(client, talent, proposal["id"], status="accepted")
    assert_problem(refused, 400, "invalid_transition")
    deleted = await client.delete(proposal_path(proposal["id"]), headers=employer.headers)
    assert deleted.status_code == 204

    ids = {
        "proposal_id": proposal["id"],
        "sender_id": str(employer.id),
        "recipient_id": str(talent.id),
    }
    expected = [
        ("proposal_sent", {**ids, "job_id": None}),
        ("proposal_updated", {**ids, "fields": ["title"]}),
        ("proposal_status_changed", {**ids, "previous": "pending", "status": "declined"}),
        ("proposal_deleted", ids),
    ]
    logged = events(caplog, start)
    assert [event["event"] for event in logged] == [name for name, _ in expected]
    for event, (name, fields) in zip(logged, expected, strict=True):
        assert fields.items() <= event.items(), name
    text = "\n".join(str(record.msg) for record in caplog.records[start:])
    for secret in (TITLE, MESSAGE, NEW_TITLE, employer.email, talent.email):
        assert secret not in text
