"""Steps the job and application tests share: paths, valid bodies and calls.

Problem answers (401, 403, 404, 422, ...) are checked with the helpers in `tests/support.py`.
"""

from typing import Any

from httpx import AsyncClient

from tests.factories import TestUser as Account
from tests.support import json_body

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
