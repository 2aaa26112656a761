"""/jobs: who may reach which job — anonymous callers, unknown ids, other tenants, deleted jobs.

A draft is invisible to everyone but its owner (404, as if it did not exist); an open or closed
job is readable by every signed-in user, but only its owner may change or delete it (403).
"""

from typing import Any

import pytest
from httpx import AsyncClient, Response

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import (
    JOBS,
    get_job,
    item_ids,
    job_body,
    job_in_status,
    job_path,
    list_jobs,
)
from tests.helpers.problems import (
    assert_not_found,
    assert_problem,
    assert_unauthorized,
    assert_validation_error,
)

# Fixed, not random: test ids are built from it, and parallel workers must agree on them.
UNKNOWN_ID = "3f2b8c1e-9d4a-4e6b-a7c5-1b0e9f8d2c6a"
# (method, path suffix) of every job endpoint; "{id}" is a job id.
ENDPOINTS = [("GET", ""), ("POST", ""), ("GET", "/{id}"), ("PATCH", "/{id}"), ("DELETE", "/{id}")]
ENDPOINT_IDS = [f"{method} {suffix or '/'}" for method, suffix in ENDPOINTS]
ITEM_METHODS = ["GET", "PATCH", "DELETE"]
BAD_AUTHORIZATION = [
    {},
    {"Authorization": "Bearer garbage"},
    {"Authorization": "Bearer "},
    {"Authorization": "Basic dXNlcjpwYXNz"},
]
# PATCH bodies a stranger may try on a visible job: an edit, a refused status move, a salary
# without currency (a 422 for the owner), nothing at all. The owner check comes first: 403.
STRANGER_PATCHES: list[dict[str, Any]] = [
    {"title": "Hijacked"},
    {"status": "draft"},
    {"salary_min": 1},
    {},
]


async def call_job(client: AsyncClient, user: Account, method: str, job_id: str) -> Response:
    """`method` on one job, with a body PATCH would accept (GET and DELETE ignore it)."""
    return await client.request(
        method, job_path(job_id), headers=user.headers, json={"title": "Changed"}
    )


async def assert_job_unchanged(client: AsyncClient, owner: Account, job: dict[str, Any]) -> None:
    """The owner reads `job` back exactly as it was, `updated_at` included."""
    assert await get_job(client, owner, job["id"]) == job


@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("headers", BAD_AUTHORIZATION, ids=["none", "garbage", "empty", "basic"])
async def test_anonymous_is_401_and_changes_nothing(
    client: AsyncClient, users: AccountFactory, method: str, suffix: str, headers: dict[str, str]
) -> None:
    owner = await users.create()
    job = await job_in_status(client, owner, "open")
    path = JOBS + suffix.format(id=job["id"])

    assert_unauthorized(await client.request(method, path, headers=headers, json=job_body()))
    await assert_job_unchanged(client, owner, job)
    assert item_ids(await list_jobs(client, owner, mine=True)) == [job["id"]]


@pytest.mark.parametrize("method", ITEM_METHODS)
async def test_unknown_id_is_404(client: AsyncClient, users: AccountFactory, method: str) -> None:
    owner = await users.create()
    await job_in_status(client, owner, "open")
    assert_not_found(await call_job(client, owner, method, UNKNOWN_ID))


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "123", f"{UNKNOWN_ID}0", "0" * 33, "null"])
@pytest.mark.parametrize("method", ITEM_METHODS)
async def test_malformed_id_is_422(
    client: AsyncClient, users: AccountFactory, method: str, bad_id: str
) -> None:
    owner = await users.create()
    assert_validation_error(await call_job(client, owner, method, bad_id), field="job_id")


@pytest.mark.parametrize("method", ITEM_METHODS)
@pytest.mark.parametrize("intruder_has_jobs", [True, False], ids=["employer", "newcomer"])
async def test_someone_elses_draft_is_404_and_untouched(
    client: AsyncClient, users: AccountFactory, method: str, intruder_has_jobs: bool
) -> None:
    owner, intruder = await users.create(), await users.create()
    draft = await job_in_status(client, owner, "draft")
    if intruder_has_jobs:
        await job_in_status(client, intruder, "draft")

    assert_not_found(await call_job(client, intruder, method, draft["id"]))
    await assert_job_unchanged(client, owner, draft)


@pytest.mark.parametrize("status", ["open", "closed"])
async def test_someone_elses_visible_job_reads_the_same_as_for_its_owner(
    client: AsyncClient, users: AccountFactory, status: str
) -> None:
    owner, reader = await users.create(), await users.create()
    job = await job_in_status(client, owner, status)
    assert await get_job(client, reader, job["id"]) == job


@pytest.mark.parametrize("status", ["open", "closed"])
@pytest.mark.parametrize("changes", STRANGER_PATCHES, ids=["edit", "status", "salary", "empty"])
async def test_patching_someone_elses_visible_job_is_403_and_changes_nothing(
    client: AsyncClient, users: AccountFactory, status: str, changes: dict[str, Any]
) -> None:
    owner, intruder = await users.create(), await users.create()
    job = await job_in_status(client, owner, status)

    response = await client.patch(job_path(job["id"]), headers=intruder.headers, json=changes)
    assert_problem(response, 403, "forbidden")
    await assert_job_unchanged(client, owner, job)


@pytest.mark.parametrize("status", ["open", "closed"])
async def test_deleting_someone_elses_visible_job_is_403_and_keeps_it(
    client: AsyncClient, users: AccountFactory, status: str
) -> None:
    owner, intruder = await users.create(), await users.create()
    job = await job_in_status(client, owner, status)

    assert_problem(
        await client.delete(job_path(job["id"]), headers=intruder.headers), 403, "forbidden"
    )
    await assert_job_unchanged(client, owner, job)
    assert item_ids(await list_jobs(client, owner, mine=True)) == [job["id"]]


async def test_three_users_each_reach_exactly_what_they_may(
    client: AsyncClient, users: AccountFactory
) -> None:
    """Three users against each other's jobs: drafts 404, writes 403; their own jobs 200."""
    people = [await users.create() for _ in range(3)]
    jobs = {
        (index, status): await job_in_status(client, person, status)
        for index, person in enumerate(people)
        for status in ("draft", "open", "closed")
    }
    for caller_index, caller in enumerate(people):
        for (owner_index, status), job in jobs.items():
            path = job_path(job["id"])
            get = await client.get(path, headers=caller.headers)
            patch = await client.patch(path, headers=caller.headers, json={})
            if owner_index == caller_index:
                assert (get.status_code, patch.status_code) == (200, 200), (status, patch.text)
            elif status == "draft":
                assert_not_found(get)
                assert_not_found(patch)
                assert_not_found(await client.delete(path, headers=caller.headers))
            else:
                assert get.json() == job
                assert_problem(patch, 403, "forbidden")
                response = await client.delete(path, headers=caller.headers)
                assert_problem(response, 403, "forbidden")
    for (owner_index, _), job in jobs.items():
        assert await get_job(client, people[owner_index], job["id"]) == job


@pytest.mark.parametrize("status", ["draft", "open", "closed"])
async def test_deleted_job_is_404_everywhere_for_everyone(
    client: AsyncClient, users: AccountFactory, status: str
) -> None:
    owner, other = await users.create(), await users.create()
    job = await job_in_status(client, owner, status)
    kept = await job_in_status(client, owner, "open")

    response = await client.delete(job_path(job["id"]), headers=owner.headers)
    assert response.status_code == 204, response.text
    assert response.content == b""

    for user in (owner, other):
        for method in ITEM_METHODS:
            assert_not_found(await call_job(client, user, method, job["id"]))
        for params in ({}, {"status": status}, {"mine": True}, {"mine": True, "status": status}):
            page = await list_jobs(client, user, **params)
            assert job["id"] not in item_ids(page)
            assert page["total"] == len(page["items"])
    mine = await list_jobs(client, owner, mine=True)
    assert (item_ids(mine), mine["total"]) == ([kept["id"]], 1)
