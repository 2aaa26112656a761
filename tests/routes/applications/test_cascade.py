"""Applications vanish with their job or with either party's account, and nothing else does.

Deleting a job or an account soft-deletes the applications it takes along: the rows stay in
the database with `deleted_at` set, and no reader finds them through the API any more.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from database.engine import Database
from database.models import Application
from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import (
    RECEIVED,
    application_path,
    apply,
    get_application,
    item_ids,
    job_path,
    list_applications,
    move_application,
    open_job,
)
from tests.helpers.problems import assert_not_found

ME = "/api/v1/auth/me"


@dataclass
class Market:
    """Two employers with a job each; two talents who applied to both jobs.

    `sent[(talent, employer)]` is the application of that talent to that employer's job.
    """

    employers: list[Account]
    talents: list[Account]
    jobs: list[dict[str, Any]]
    sent: dict[tuple[int, int], dict[str, Any]]


async def build_market(client: AsyncClient, users: AccountFactory) -> Market:
    employers = [await users.create() for _ in range(2)]
    talents = [await users.create() for _ in range(2)]
    jobs = [await open_job(client, employer) for employer in employers]
    sent = {(t, e): await apply(client, talents[t], jobs[e]["id"]) for t in (0, 1) for e in (0, 1)}
    # Not every application is fresh: the cascade must not care about status.
    await move_application(client, employers[0], sent[(1, 0)]["id"], "reviewing")
    sent[(1, 0)] = await get_application(client, talents[1], sent[(1, 0)]["id"])
    return Market(employers=employers, talents=talents, jobs=jobs, sent=sent)


async def assert_gone(client: AsyncClient, readers: list[Account], application_id: str) -> None:
    """No reader can get, change or delete the application any more."""
    path = application_path(application_id)
    for reader in readers:
        assert_not_found(await client.get(path, headers=reader.headers))
        patch = await client.patch(path, headers=reader.headers, json={"status": "withdrawn"})
        assert_not_found(patch)
        assert_not_found(await client.delete(path, headers=reader.headers))


async def assert_lists(
    client: AsyncClient, user: Account, mine: set[str], received: set[str]
) -> None:
    """`user`'s two lists hold exactly these ids, and their totals agree."""
    for path, expected in ((None, mine), (RECEIVED, received)):
        page = await list_applications(client, user, *([path] if path else []))
        assert (set(item_ids(page)), page["total"]) == (expected, len(expected))


async def deleted_at_of(app: FastAPI, application_id: str) -> datetime | None:
    """The stored `deleted_at` of an application (the row itself must still be there)."""
    database: Database = app.state.database
    async with database.session(read_only=True) as session:
        rows = await session.execute(
            select(Application.deleted_at).where(Application.id == uuid.UUID(application_id))
        )
        row = rows.one_or_none()
    assert row is not None, "the application row was removed instead of soft-deleted"
    deleted_at: datetime | None = row.deleted_at
    return deleted_at


async def test_deleting_a_job_soft_deletes_its_applications(
    client: AsyncClient, users: AccountFactory, app: FastAPI
) -> None:
    market = await build_market(client, users)
    (owner, other), (alice, bob) = market.employers, market.talents
    sent = market.sent

    response = await client.delete(job_path(market.jobs[0]["id"]), headers=owner.headers)

    assert response.status_code == 204, response.text
    for talent in (0, 1):
        await assert_gone(client, [owner, market.talents[talent]], sent[(talent, 0)]["id"])
        assert await deleted_at_of(app, sent[(talent, 0)]["id"]) is not None
    await assert_lists(client, owner, mine=set(), received=set())
    assert_not_found(
        await client.get(RECEIVED, headers=owner.headers, params={"job_id": market.jobs[0]["id"]})
    )
    await assert_lists(client, alice, mine={sent[(0, 1)]["id"]}, received=set())
    await assert_lists(client, bob, mine={sent[(1, 1)]["id"]}, received=set())
    await assert_lists(client, other, mine=set(), received={sent[(0, 1)]["id"], sent[(1, 1)]["id"]})
    for talent in (0, 1):
        kept = sent[(talent, 1)]
        assert await get_application(client, market.talents[talent], kept["id"]) == kept
    assert await deleted_at_of(app, sent[(0, 1)]["id"]) is None


async def test_deleting_the_job_owners_account_removes_applications_to_their_jobs(
    client: AsyncClient, users: AccountFactory, app: FastAPI
) -> None:
    market = await build_market(client, users)
    (owner, other), (alice, bob) = market.employers, market.talents
    sent = market.sent
    # The owner had also applied elsewhere: that application goes with the account too.
    own_application = await apply(client, owner, market.jobs[1]["id"])

    response = await client.delete(ME, headers=owner.headers)

    assert response.status_code == 204, response.text
    for talent in (0, 1):
        await assert_gone(client, [market.talents[talent]], sent[(talent, 0)]["id"])
        assert await deleted_at_of(app, sent[(talent, 0)]["id"]) is not None
    await assert_gone(client, [other], own_application["id"])
    assert_not_found(await client.get(job_path(market.jobs[0]["id"]), headers=alice.headers))
    await assert_lists(client, alice, mine={sent[(0, 1)]["id"]}, received=set())
    await assert_lists(client, bob, mine={sent[(1, 1)]["id"]}, received=set())
    await assert_lists(client, other, mine=set(), received={sent[(0, 1)]["id"], sent[(1, 1)]["id"]})
    assert await get_application(client, other, sent[(1, 1)]["id"]) == sent[(1, 1)]


async def test_deleting_the_applicants_account_removes_their_applications(
    client: AsyncClient, users: AccountFactory, app: FastAPI
) -> None:
    market = await build_market(client, users)
    alice, bob = market.talents
    sent = market.sent

    response = await client.delete(ME, headers=bob.headers)

    assert response.status_code == 204, response.text
    for index, employer in enumerate(market.employers):
        await assert_gone(client, [employer], sent[(1, index)]["id"])
        assert await deleted_at_of(app, sent[(1, index)]["id"]) is not None
        await assert_lists(client, employer, mine=set(), received={sent[(0, index)]["id"]})
        filtered = await list_applications(
            client, employer, RECEIVED, job_id=market.jobs[index]["id"]
        )
        assert item_ids(filtered) == [sent[(0, index)]["id"]]
    await assert_lists(client, alice, mine={sent[(0, 0)]["id"], sent[(0, 1)]["id"]}, received=set())
    for key in ((0, 0), (0, 1)):
        assert await get_application(client, alice, sent[key]["id"]) == sent[key]
    # The jobs themselves are untouched and still take applications.
    newcomer = await users.create()
    assert (await apply(client, newcomer, market.jobs[0]["id"]))["status"] == "submitted"


async def test_deleting_an_application_touches_nothing_else(
    client: AsyncClient, users: AccountFactory
) -> None:
    market = await build_market(client, users)
    (first, second), (alice, bob) = market.employers, market.talents
    sent = market.sent

    deleted = await client.delete(application_path(sent[(0, 0)]["id"]), headers=alice.headers)

    assert deleted.status_code == 204, deleted.text
    await assert_gone(client, [alice, first], sent[(0, 0)]["id"])
    await assert_lists(client, first, mine=set(), received={sent[(1, 0)]["id"]})
    await assert_lists(
        client, second, mine=set(), received={sent[(0, 1)]["id"], sent[(1, 1)]["id"]}
    )
    await assert_lists(client, bob, mine={sent[(1, 0)]["id"], sent[(1, 1)]["id"]}, received=set())
    job = await client.get(job_path(market.jobs[0]["id"]), headers=alice.headers)
    assert job.status_code == 200, job.text
