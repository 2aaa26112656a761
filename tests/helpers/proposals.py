"""Requests and fixtures-in-code for the proposal tests."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import update

from database.engine import Database
from database.models import Proposal
from tests.helpers.accounts import Account
from tests.helpers.problems import json_body

PROPOSALS = "/api/v1/proposals"


def proposal_path(proposal_id: str) -> str:
    return f"{PROPOSALS}/{proposal_id}"


def in_days(days: float) -> str:
    """An ISO 8601 instant `days` from now, as a client writes it."""
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def proposal_body(recipient: Account, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "recipient_id": str(recipient.id),
        "title": "Backend contract",
        "message": "Three months of API work, remote.",
    }
    return {**body, **overrides}


async def send(
    client: AsyncClient, sender: Account, recipient: Account, **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        PROPOSALS, headers=sender.headers, json=proposal_body(recipient, **overrides)
    )
    return json_body(response, 201)


async def patch_proposal(
    client: AsyncClient, person: Account, proposal_id: str, **changes: Any
) -> Any:
    return await client.patch(proposal_path(proposal_id), headers=person.headers, json=changes)


async def list_proposals(client: AsyncClient, person: Account, **params: Any) -> dict[str, Any]:
    return json_body(await client.get(PROPOSALS, headers=person.headers, params=params))


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


async def let_expire(app: FastAPI, proposal_id: str) -> None:
    """Move a proposal's deadline into the past, as if its time had run out."""
    database: Database = app.state.database
    async with database.session() as session:
        await session.execute(
            update(Proposal)
            .where(Proposal.id == uuid.UUID(proposal_id))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        await session.commit()
