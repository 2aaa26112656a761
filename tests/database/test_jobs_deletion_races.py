"""Deletes and edits racing other requests on the same job or application.

On PostgreSQL these pass because writes load their row under a lock (`database.scoping.locked`)
and applying holds a share lock on the job; on SQLite because writes run one at a time. Either
way the outcome must be one some serial order of the requests would give.
"""

import asyncio
from collections.abc import Sequence
from typing import Any

from httpx import AsyncClient, Response

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import (
    APPLICATIONS,
    application_path,
    apply_to_new_job,
    get_job,
    job_path,
    list_applications,
    open_job,
)

ROUNDS = 5
TALENTS = 4


def codes(responses: Sequence[Response]) -> list[int]:
    return sorted(response.status_code for response in responses)


async def apply_while(
    client: AsyncClient, talents: list[Account], job_id: str, deletion: Any
) -> list[Response]:
    """Every talent applies to the job while `deletion` runs; returns the applies' answers."""
    body = {"job_id": job_id, "cover_letter": "Hello"}
    applies = [client.post(APPLICATIONS, headers=talent.headers, json=body) for talent in talents]
    *answers, _ = await asyncio.gather(*applies, deletion)
    return answers


async def assert_no_live_applications(client: AsyncClient, talents: list[Account]) -> None:
    for talent in talents:
        page = await list_applications(client, talent)
        assert page["total"] == 0, page
        for item in page["items"]:
            response = await client.get(application_path(item["id"]), headers=talent.headers)
            assert response.status_code == 404


async def test_applying_while_the_job_is_deleted_leaves_no_application(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    talents = [await users.create() for _ in range(TALENTS)]
    for _ in range(ROUNDS):
        job = await open_job(client, owner)
        deletion = client.delete(job_path(job["id"]), headers=owner.headers)
        answers = await apply_while(client, talents, job["id"], deletion)
        assert set(codes(answers)) <= {201, 404}
    await assert_no_live_applications(client, talents)


async def test_applying_while_the_job_owner_leaves_leaves_no_application(
    client: AsyncClient, users: AccountFactory
) -> None:
    talents = [await users.create() for _ in range(TALENTS)]
    for _ in range(ROUNDS):
        owner = await users.create()
        job = await open_job(client, owner)
        deletion = client.delete("/api/v1/auth/me", headers=owner.headers)
        answers = await apply_while(client, talents, job["id"], deletion)
        assert set(codes(answers)) <= {201, 404}
    await assert_no_live_applications(client, talents)


async def test_salary_edits_at_once_never_store_an_inverted_range(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    for _ in range(ROUNDS):
        job = await open_job(client, owner, salary_min=100, salary_max=200, currency="EUR")
        path = job_path(job["id"])
        answers = await asyncio.gather(
            client.patch(path, headers=owner.headers, json={"salary_min": 150}),
            client.patch(path, headers=owner.headers, json={"salary_max": 120}),
        )
        assert codes(answers) == [200, 422]
        stored = await get_job(client, owner, job["id"])
        assert stored["salary_max"] >= stored["salary_min"]


async def test_deleting_twice_at_once_deletes_once(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, talent = await users.create(), await users.create()
    for _ in range(ROUNDS):
        job, application = await apply_to_new_job(client, owner, talent)
        application_answers = await asyncio.gather(
            *(
                client.delete(application_path(application["id"]), headers=talent.headers)
                for _ in "ab"
            )
        )
        job_answers = await asyncio.gather(
            *(client.delete(job_path(job["id"]), headers=owner.headers) for _ in "ab")
        )
        assert codes(application_answers) == codes(job_answers) == [204, 404]


async def test_a_move_racing_a_delete_never_revives_the_application(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, talent = await users.create(), await users.create()
    for _ in range(ROUNDS):
        _, application = await apply_to_new_job(client, owner, talent)
        path = application_path(application["id"])
        move, deletion = await asyncio.gather(
            client.patch(path, headers=owner.headers, json={"status": "reviewing"}),
            client.delete(path, headers=talent.headers),
        )
        assert deletion.status_code == 204
        assert move.status_code in (200, 404)
        assert (await client.get(path, headers=owner.headers)).status_code == 404
