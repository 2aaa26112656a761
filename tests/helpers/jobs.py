"""Steps the job and application tests share: paths, valid bodies and calls.

Problem answers (401, 403, 404, 422, ...) are checked with the helpers in
`tests/helpers/problems.py`.
"""

import asyncio
import uuid
from typing import Any

from httpx import AsyncClient

from tests.helpers.accounts import Account
from tests.helpers.problems import json_body

JOBS = "/api/v1/jobs"
APPLICATIONS = "/api/v1/applications"
RECEIVED = f"{APPLICATIONS}/received"
JOB_FIELDS = {
    "id",
    "created_at",
    "updated_at",
    "owner_id",
    "title",
    "description",
    "company_name",
    "location",
    "employment_type",
    "remote",
    "salary_min",
    "salary_max",
    "currency",
    "tags",
    "status",
    "published_at",
}
APPLICATION_FIELDS = {
    "id",
    "created_at",
    "updated_at",
    "job_id",
    "applicant_id",
    "cover_letter",
    "resume_url",
    "status",
    "job",
}
JOB_SUMMARY_FIELDS = {"id", "title", "company_name", "status"}
# Fields only the server sets, with values a client might try to force on a job.
JOB_SERVER_FIELDS: dict[str, Any] = {
    "id": str(uuid.UUID(int=1)),
    "owner_id": str(uuid.UUID(int=2)),
    "created_at": "2001-01-01T00:00:00+00:00",
    "updated_at": "2001-01-01T00:00:00+00:00",
    "deleted_at": "2001-01-01T00:00:00+00:00",
    "published_at": "2001-01-01T00:00:00+00:00",
}


def job_body(**overrides: Any) -> dict[str, Any]:
    """A valid create body for a draft job; keyword arguments replace or add fields."""
    body: dict[str, Any] = {
        "title": "Backend Engineer",
        "description": "Build and run the API.",
        "company_name": "Acme",
        "employment_type": "full_time",
    }
    return {**body, **overrides}


def job_path(job_id: str) -> str:
    return f"{JOBS}/{job_id}"


def application_path(application_id: str) -> str:
    return f"{APPLICATIONS}/{application_id}"


async def create_job(client: AsyncClient, owner: Account, **overrides: Any) -> dict[str, Any]:
    """Post a job (a draft unless `status="open"` is given) and return its body."""
    response = await client.post(JOBS, headers=owner.headers, json=job_body(**overrides))
    return json_body(response, 201)


async def open_job(client: AsyncClient, owner: Account, **overrides: Any) -> dict[str, Any]:
    return await create_job(client, owner, **{"status": "open", **overrides})


async def patch_job(
    client: AsyncClient, owner: Account, job_id: str, **changes: Any
) -> dict[str, Any]:
    response = await client.patch(job_path(job_id), headers=owner.headers, json=changes)
    return json_body(response)


async def apply(
    client: AsyncClient, applicant: Account, job_id: str, **overrides: Any
) -> dict[str, Any]:
    """Apply to a job and return the new application's body."""
    body = {"job_id": job_id, "cover_letter": "I would love to join.", **overrides}
    response = await client.post(APPLICATIONS, headers=applicant.headers, json=body)
    return json_body(response, 201)


async def move_application(
    client: AsyncClient, party: Account, application_id: str, status: str
) -> dict[str, Any]:
    response = await client.patch(
        application_path(application_id), headers=party.headers, json={"status": status}
    )
    return json_body(response)


async def get_application(
    client: AsyncClient, party: Account, application_id: str
) -> dict[str, Any]:
    """GET one application as `party` (its applicant or job owner), expecting 200."""
    response = await client.get(application_path(application_id), headers=party.headers)
    return json_body(response)


async def list_applications(
    client: AsyncClient, user: Account, path: str = APPLICATIONS, **params: Any
) -> dict[str, Any]:
    """One page of `path` (`APPLICATIONS` or `RECEIVED`) as `user`, expecting 200."""
    response = await client.get(path, headers=user.headers, params=params)
    return json_body(response)


def item_ids(page: dict[str, Any]) -> list[str]:
    """The ids of a list page's items, in the order given."""
    return [item["id"] for item in page["items"]]


async def apply_to_new_job(
    client: AsyncClient, owner: Account, applicant: Account, **job_overrides: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`owner` opens a job and `applicant` applies to it; returns (job, application)."""
    job = await open_job(client, owner, **job_overrides)
    return job, await apply(client, applicant, job["id"])


async def get_job(client: AsyncClient, user: Account, job_id: str) -> dict[str, Any]:
    """GET one job as `user`, expecting 200."""
    return json_body(await client.get(job_path(job_id), headers=user.headers))


async def list_jobs(client: AsyncClient, user: Account, **params: Any) -> dict[str, Any]:
    """One page of GET /jobs as `user`, expecting 200."""
    return json_body(await client.get(JOBS, headers=user.headers, params=params))


async def job_in_status(
    client: AsyncClient, owner: Account, status: str, **overrides: Any
) -> dict[str, Any]:
    """A job of `owner` in `status` (draft, open, or closed after having been open)."""
    if status == "draft":
        return await create_job(client, owner, **overrides)
    job = await open_job(client, owner, **overrides)
    if status == "closed":
        job = await patch_job(client, owner, job["id"], status="closed")
    assert job["status"] == status
    return job


async def list_and_post_at_once(
    http: AsyncClient, account: Account, *, reads: int, writes: int
) -> list[int]:
    """The statuses of `reads` lists of the account's jobs and `writes` new jobs, all sent
    at once: reads first, then writes, in the order they were sent."""

    async def read() -> int:
        return (await http.get(f"{JOBS}?mine=true", headers=account.headers)).status_code

    async def write(number: int) -> int:
        body = job_body(title=f"Concurrent job {number}")
        return (await http.post(JOBS, json=body, headers=account.headers)).status_code

    return await asyncio.gather(*(read() for _ in range(reads)), *map(write, range(writes)))
