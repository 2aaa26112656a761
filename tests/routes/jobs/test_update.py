"""PATCH /jobs/{id} by the owner: partial edits, the same field rules as on create, no nulls
where a value is required. Salary rules are in `test_salary.py`, status moves in
`test_status.py`. A refused PATCH changes nothing, `updated_at` included.
"""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.jobs import JOB_SERVER_FIELDS, create_job, get_job, job_path, patch_job
from tests.helpers.problems import assert_timestamp, assert_validation_error

NOT_NULL = ["title", "description", "company_name", "employment_type", "remote", "tags", "status"]
# (changes, field the 422 points at)
BAD_CHANGES: list[tuple[dict[str, Any], str]] = [
    ({"title": "   "}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"description": ""}, "description"),
    ({"description": "x" * 20_001}, "description"),
    ({"company_name": "\t"}, "company_name"),
    ({"company_name": "x" * 201}, "company_name"),
    ({"location": "x" * 201}, "location"),
    ({"employment_type": "temporary"}, "employment_type"),
    ({"remote": "sometimes"}, "remote"),
    ({"tags": "python"}, "tags"),
    ({"tags": [f"t{n}" for n in range(51)]}, "tags"),
    ({"title": "Dev\x00ops"}, "title"),
    ({"salary": 10}, "salary"),
]


async def test_patch_changes_only_the_given_fields(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    job = await create_job(client, owner, location="Berlin", tags=["python"], remote=True)

    updated = await patch_job(client, owner, job["id"], title="  Platform Engineer ")
    untouched = {key: value for key, value in job.items() if key not in {"title", "updated_at"}}
    assert {key: updated[key] for key in untouched} == untouched
    assert updated["title"] == "Platform Engineer"
    assert assert_timestamp(updated["updated_at"]) > assert_timestamp(job["updated_at"])
    assert await get_job(client, owner, job["id"]) == updated


async def test_every_editable_field_can_change_at_once(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    job = await create_job(client, owner)
    changes = {
        "title": "Data Engineer",
        "description": "Pipelines.",
        "company_name": "Initech",
        "location": "Remote, EU",
        "employment_type": "freelance",
        "remote": True,
        "salary_min": 10,
        "salary_max": 20,
        "currency": "eur",
        "tags": ["ETL", "etl", " Spark "],
    }
    updated = await patch_job(client, owner, job["id"], **changes)
    expected = {**changes, "currency": "EUR", "tags": ["etl", "spark"]}
    assert {key: updated[key] for key in changes} == expected


async def test_empty_patch_changes_nothing(client: AsyncClient, users: AccountFactory) -> None:
    owner = await users.create()
    job = await create_job(client, owner)
    assert await patch_job(client, owner, job["id"]) == job


async def test_location_can_be_cleared_with_null(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    job = await create_job(client, owner, location="Berlin")
    assert (await patch_job(client, owner, job["id"], location=None))["location"] is None
    assert (await get_job(client, owner, job["id"]))["location"] is None


@pytest.mark.parametrize("field", NOT_NULL)
async def test_null_for_a_required_field_is_422_and_changes_nothing(
    client: AsyncClient, users: AccountFactory, field: str
) -> None:
    owner = await users.create()
    job = await create_job(client, owner, tags=["python"])
    response = await client.patch(job_path(job["id"]), headers=owner.headers, json={field: None})
    assert_validation_error(response, field=field)
    assert await get_job(client, owner, job["id"]) == job


@pytest.mark.parametrize(("changes", "field"), BAD_CHANGES, ids=[f for _, f in BAD_CHANGES])
async def test_invalid_change_is_422_and_changes_nothing(
    client: AsyncClient, users: AccountFactory, changes: dict[str, Any], field: str
) -> None:
    owner = await users.create()
    job = await create_job(client, owner)
    # A valid edit rides along: the whole PATCH is refused, not just the bad field.
    body = {"location": "Elsewhere", **changes}
    response = await client.patch(job_path(job["id"]), headers=owner.headers, json=body)
    assert_validation_error(response, field=field)
    assert await get_job(client, owner, job["id"]) == job


@pytest.mark.parametrize("field", sorted(JOB_SERVER_FIELDS))
async def test_server_set_fields_are_422_on_patch(
    client: AsyncClient, users: AccountFactory, field: str
) -> None:
    owner = await users.create()
    job = await create_job(client, owner, status="open")
    body = {"title": "Changed", field: JOB_SERVER_FIELDS[field]}
    response = await client.patch(job_path(job["id"]), headers=owner.headers, json=body)
    assert_validation_error(response, field=field)
    assert await get_job(client, owner, job["id"]) == job
