"""Simultaneous requests on one job or application resolve like some order of them, never a 500.

Applying twice at once leaves one active application (the partial unique index decides the
race); two status moves at once on one row leave the winner's move stored and refuse the other
as the state machine says (the row lock on PostgreSQL, the single writer on SQLite).
"""

import asyncio
from collections import Counter
from typing import Any

import pytest
from httpx import AsyncClient, Response

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import (
    APPLICATIONS,
    RECEIVED,
    application_path,
    apply_to_new_job,
    create_job,
    get_application,
    job_path,
    list_applications,
    patch_job,
)
from tests.helpers.problems import assert_problem, json_body

# Each race is run on several rows at once, so requests really interleave.
ROUNDS = 5


def statuses(responses: list[Response]) -> list[int]:
    return [response.status_code for response in responses]


@pytest.mark.parametrize("attempts", [2, 10])
async def test_simultaneous_applications_leave_one_active(
    client: AsyncClient, users: AccountFactory, attempts: int
) -> None:
    owner, talent = await users.create(), await users.create()
    job = await create_job(client, owner, status="open")

    async def apply_once(number: int) -> Response:
        body = {"job_id": job["id"], "cover_letter": f"Take {number}"}
        return await client.post(APPLICATIONS, headers=talent.headers, json=body)

    responses = await asyncio.gather(*(apply_once(number) for number in range(attempts)))

    assert sorted(statuses(responses)) == [201] + [409] * (attempts - 1)
    for response in responses:
        if response.status_code == 409:
            assert_problem(response, 409, "conflict")
    [created] = [json_body(response, 201) for response in responses if response.status_code == 201]
    mine = await list_applications(client, talent)
    received = await list_applications(client, owner, RECEIVED, job_id=job["id"])
    for page in (mine, received):
        assert page["total"] == 1
        assert [(item["id"], item["status"]) for item in page["items"]] == [
            (created["id"], "submitted")
        ]


# Two (party, status) moves sent at once on an application that is still submitted.
APPLICATION_RACES = [
    (("owner", "accepted"), ("talent", "withdrawn")),
    (("talent", "withdrawn"), ("owner", "accepted")),
    (("owner", "accepted"), ("owner", "rejected")),
    (("talent", "withdrawn"), ("talent", "withdrawn")),
]
RACE_IDS = ["accept-vs-withdraw", "withdraw-vs-accept", "accept-vs-reject", "withdraw-twice"]


@pytest.mark.parametrize(("first", "second"), APPLICATION_RACES, ids=RACE_IDS)
async def test_concurrent_application_moves_have_one_winner(
    client: AsyncClient,
    users: AccountFactory,
    first: tuple[str, str],
    second: tuple[str, str],
) -> None:
    """Every move here leads out of submitted into a final status, so whichever comes second
    finds no move left: 400 invalid_transition, and the first one's status stays."""
    people: dict[str, Account] = {"owner": await users.create(), "talent": await users.create()}
    applications = [
        (await apply_to_new_job(client, people["owner"], people["talent"]))[1]
        for _ in range(ROUNDS)
    ]

    async def move(application: dict[str, Any], party: str, status: str) -> Response:
        return await client.patch(
            application_path(application["id"]),
            headers=people[party].headers,
            json={"status": status},
        )

    races = await asyncio.gather(
        *(
            asyncio.gather(move(application, *first), move(application, *second))
            for application in applications
        )
    )

    for application, pair in zip(applications, races, strict=True):
        assert sorted(statuses(list(pair))) == [200, 400], [r.text for r in pair]
        winner, loser = pair if pair[0].status_code == 200 else pair[::-1]
        assert_problem(loser, 400, "invalid_transition")
        stored = await get_application(client, people["owner"], application["id"])
        assert stored["status"] == json_body(winner)["status"]
        assert stored["status"] in {first[1], second[1]}


@pytest.mark.parametrize(
    ("start", "target"),
    [("draft", "open"), ("open", "closed"), ("closed", "open")],
    ids=["open-vs-open", "close-vs-close", "reopen-vs-reopen"],
)
async def test_concurrent_same_job_move_succeeds_once(
    client: AsyncClient, users: AccountFactory, start: str, target: str
) -> None:
    owner = await users.create()
    jobs = [
        await create_job(client, owner, status="draft" if start == "draft" else "open")
        for _ in range(ROUNDS)
    ]
    if start == "closed":
        for job in jobs:
            await patch_job(client, owner, job["id"], status="closed")

    async def move(job: dict[str, Any]) -> Response:
        return await client.patch(
            job_path(job["id"]), headers=owner.headers, json={"status": target}
        )

    races = await asyncio.gather(*(asyncio.gather(move(job), move(job)) for job in jobs))

    for job, pair in zip(jobs, races, strict=True):
        assert Counter(statuses(list(pair))) == {200: 1, 400: 1}, [r.text for r in pair]
        winner, loser = pair if pair[0].status_code == 200 else pair[::-1]
        assert_problem(loser, 400, "invalid_transition")
        stored = json_body(await client.get(job_path(job["id"]), headers=owner.headers))
        assert stored["status"] == target
        assert stored["published_at"] is not None
        assert stored["published_at"] == json_body(winner)["published_at"]
