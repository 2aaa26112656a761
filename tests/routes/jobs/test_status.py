"""Job status moves through PATCH: draft→open, open→closed, closed→open, nothing else.

`published_at` is set the first time a job opens and kept through later closes and reopenings.
A refused move is 400 `invalid_transition` and changes nothing, even fields sent along with it.
"""

from itertools import product
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.jobs import (
    create_job,
    get_job,
    item_ids,
    job_in_status,
    job_path,
    list_jobs,
    patch_job,
)
from tests.helpers.problems import assert_problem, assert_timestamp, assert_validation_error

STATUSES = ["draft", "open", "closed"]
ALLOWED = {("draft", "open"), ("open", "closed"), ("closed", "open")}
MOVES = list(product(STATUSES, STATUSES))
REFUSED = [move for move in MOVES if move not in ALLOWED]


def move_id(move: tuple[str, str]) -> str:
    return "->".join(move)


@pytest.mark.parametrize(("current", "target"), MOVES, ids=map(move_id, MOVES))
async def test_status_machine(
    client: AsyncClient, users: AccountFactory, current: str, target: str
) -> None:
    owner = await users.create()
    job = await job_in_status(client, owner, current)
    response = await client.patch(
        job_path(job["id"]), headers=owner.headers, json={"status": target}
    )

    if (current, target) in ALLOWED:
        assert response.status_code == 200, response.text
        assert response.json()["status"] == target
        assert assert_timestamp(response.json()["updated_at"]) > assert_timestamp(job["updated_at"])
        assert await get_job(client, owner, job["id"]) == response.json()
    else:
        assert_problem(response, 400, "invalid_transition")
        assert await get_job(client, owner, job["id"]) == job


async def test_published_at_is_set_on_first_opening_and_kept_afterwards(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    job = await create_job(client, owner)
    assert job["published_at"] is None
    assert (await patch_job(client, owner, job["id"], title="Renamed"))["published_at"] is None

    opened = await patch_job(client, owner, job["id"], status="open")
    published_at = opened["published_at"]
    assert assert_timestamp(published_at) >= assert_timestamp(job["created_at"])

    for status in ("closed", "open", "closed", "open"):
        moved = await patch_job(client, owner, job["id"], status=status)
        assert (moved["status"], moved["published_at"]) == (status, published_at)
    edited = await patch_job(client, owner, job["id"], description="Still the same opening.")
    assert edited["published_at"] == published_at
    assert (await get_job(client, owner, job["id"]))["published_at"] == published_at


async def test_a_job_created_open_keeps_its_published_at(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    job = await create_job(client, owner, status="open")
    published_at = job["published_at"]
    assert_timestamp(published_at)
    for status in ("closed", "open"):
        moved = await patch_job(client, owner, job["id"], status=status)
        assert moved["published_at"] == published_at


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED), ids=map(move_id, sorted(ALLOWED)))
async def test_an_allowed_move_applies_the_other_changes_too(
    client: AsyncClient, users: AccountFactory, current: str, target: str
) -> None:
    owner = await users.create()
    job = await job_in_status(client, owner, current)
    moved = await patch_job(client, owner, job["id"], status=target, title="Moved and renamed")
    assert (moved["status"], moved["title"]) == (target, "Moved and renamed")


@pytest.mark.parametrize(("current", "target"), REFUSED, ids=map(move_id, REFUSED))
async def test_a_refused_move_drops_the_other_changes(
    client: AsyncClient, users: AccountFactory, current: str, target: str
) -> None:
    owner = await users.create()
    job = await job_in_status(client, owner, current)
    response = await client.patch(
        job_path(job["id"]), headers=owner.headers, json={"status": target, "title": "Renamed"}
    )
    assert_problem(response, 400, "invalid_transition")
    assert await get_job(client, owner, job["id"]) == job


async def test_a_move_with_an_invalid_salary_is_422_and_the_job_stays_a_draft(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, reader = await users.create(), await users.create()
    job = await create_job(client, owner)
    response = await client.patch(
        job_path(job["id"]), headers=owner.headers, json={"status": "open", "salary_min": 5}
    )
    assert_validation_error(response, field="currency")
    assert await get_job(client, owner, job["id"]) == job
    assert (await list_jobs(client, reader))["total"] == 0


@pytest.mark.parametrize("value", ["archived", "OPEN", "Open", "", "deleted", None, 1, ["open"]])
@pytest.mark.parametrize("current", STATUSES)
async def test_unknown_or_null_status_is_422(
    client: AsyncClient, users: AccountFactory, current: str, value: Any
) -> None:
    owner = await users.create()
    job = await job_in_status(client, owner, current)
    response = await client.patch(
        job_path(job["id"]), headers=owner.headers, json={"status": value}
    )
    assert_validation_error(response, field="status")
    assert await get_job(client, owner, job["id"]) == job


async def test_closing_hides_the_job_from_the_listing_but_not_from_readers(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, reader = await users.create(), await users.create()
    job = await create_job(client, owner)
    assert_problem(await client.get(job_path(job["id"]), headers=reader.headers), 404, "not_found")

    opened = await patch_job(client, owner, job["id"], status="open")
    assert item_ids(await list_jobs(client, reader)) == [job["id"]]
    assert await get_job(client, reader, job["id"]) == opened

    closed = await patch_job(client, owner, job["id"], status="closed")
    assert (await list_jobs(client, reader))["total"] == 0
    assert await get_job(client, reader, job["id"]) == closed

    await patch_job(client, owner, job["id"], status="open")
    assert item_ids(await list_jobs(client, reader)) == [job["id"]]
