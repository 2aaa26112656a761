"""Proposals and deletions: either party's account takes the proposal with it, the job it
mentions does not; two simultaneous answers to one proposal never both win."""

import asyncio

from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.jobs import create_job, job_path
from tests.helpers.problems import assert_not_found, assert_problem, json_body
from tests.helpers.proposals import list_proposals, patch_proposal, proposal_path, send

ROUNDS = 5


async def test_either_partys_account_deletion_takes_the_proposal(
    client: AsyncClient, users: AccountFactory
) -> None:
    employer, talent, bystander = await users.create(), await users.create(), await users.create()
    to_talent = await send(client, employer, talent)
    from_talent = await send(client, talent, employer)
    unrelated = await send(client, employer, bystander)

    gone = await client.delete("/api/v1/auth/me", headers=talent.headers)
    assert gone.status_code == 204

    for proposal in (to_talent, from_talent):
        assert_not_found(await client.get(proposal_path(proposal["id"]), headers=employer.headers))
    sent = await list_proposals(client, employer, box="sent")
    assert [item["id"] for item in sent["items"]] == [unrelated["id"]]
    assert (await list_proposals(client, employer))["total"] == 0


async def test_deleting_the_job_keeps_the_proposal_and_its_job_id(
    client: AsyncClient, users: AccountFactory
) -> None:
    employer, talent = await users.create(), await users.create()
    job = await create_job(client, employer, status="open")
    proposal = await send(client, employer, talent, job_id=job["id"])

    deleted = await client.delete(job_path(job["id"]), headers=employer.headers)
    assert deleted.status_code == 204

    kept = json_body(await client.get(proposal_path(proposal["id"]), headers=talent.headers))
    assert kept["job_id"] == job["id"]
    assert kept["status"] == "pending"
    accepted = await patch_proposal(client, talent, proposal["id"], status="accepted")
    assert json_body(accepted)["status"] == "accepted"


async def test_simultaneous_answers_leave_one_winner(
    client: AsyncClient, users: AccountFactory
) -> None:
    employer, talent = await users.create(), await users.create()
    proposals = [await send(client, employer, talent) for _ in range(ROUNDS)]

    async def race(proposal_id: str) -> tuple[int, int]:
        accept, withdraw = await asyncio.gather(
            patch_proposal(client, talent, proposal_id, status="accepted"),
            patch_proposal(client, employer, proposal_id, status="withdrawn"),
        )
        return accept.status_code, withdraw.status_code

    outcomes = await asyncio.gather(*(race(proposal["id"]) for proposal in proposals))

    for (accepted, withdrawn), proposal in zip(outcomes, proposals, strict=True):
        assert sorted((accepted, withdrawn)) == [200, 400], (accepted, withdrawn)
        stored = json_body(await client.get(proposal_path(proposal["id"]), headers=talent.headers))
        assert stored["status"] == ("accepted" if accepted == 200 else "withdrawn")
    loser = await patch_proposal(client, talent, proposals[0]["id"], status="declined")
    assert_problem(loser, 400, "invalid_transition")
