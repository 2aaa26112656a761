"""POST /jobs: the stored job, its defaults, and the rules a create body must follow.

Salary and currency rules are in `test_salary.py`. A refused body never stores anything:
each 422 case also checks that the caller has no jobs.
"""

import uuid
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import (
    JOB_FIELDS,
    JOB_SERVER_FIELDS,
    JOBS,
    create_job,
    get_job,
    item_ids,
    job_body,
    list_jobs,
)
from tests.helpers.problems import assert_timestamp, assert_validation_error

REQUIRED = ["title", "description", "company_name", "employment_type"]
EMPLOYMENT_TYPES = ["full_time", "part_time", "contract", "internship", "freelance"]
# (field, longest accepted length)
LENGTH_LIMITS = [("title", 200), ("company_name", 200), ("location", 200), ("description", 20_000)]
UNKNOWN_FIELDS: dict[str, Any] = {"salary": 1000, "company": "Acme", "is_admin": True, "Title": "x"}


async def assert_refused(
    client: AsyncClient, user: Account, body: Any, field: str | None = None
) -> None:
    """POST `body` is a 422 (pointing at `field`, if given) and stores no job."""
    assert_validation_error(await client.post(JOBS, headers=user.headers, json=body), field=field)
    assert (await list_jobs(client, user, mine=True))["total"] == 0


async def test_minimal_body_gets_the_documented_defaults(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    response = await client.post(JOBS, headers=owner.headers, json=job_body())
    assert response.status_code == 201, response.text
    job = response.json()

    assert set(job) == JOB_FIELDS
    uuid.UUID(job["id"])
    assert job["owner_id"] == str(owner.id)
    assert {key: job[key] for key in job_body()} == job_body()
    assert (job["status"], job["published_at"], job["remote"], job["tags"]) == (
        "draft",
        None,
        False,
        [],
    )
    assert [job[key] for key in ("location", "salary_min", "salary_max", "currency")] == [None] * 4
    assert assert_timestamp(job["updated_at"]) >= assert_timestamp(job["created_at"])
    assert await get_job(client, owner, job["id"]) == job


async def test_full_body_is_stored_normalised(client: AsyncClient, users: AccountFactory) -> None:
    owner = await users.create()
    fields = {
        "title": "  Staff Engineer ",
        "description": "\tLead the platform team.\n",
        "company_name": " Globex ",
        "location": " Lisbon, Portugal ",
        "employment_type": "contract",
        "remote": True,
        "salary_min": 0,
        "salary_max": 10**12,
        "currency": " eur ",
        "tags": [" Python ", "SQL", "python", "Go", "sql", "ÄRGER"],
    }
    job = await create_job(client, owner, **fields)
    expected = {
        "title": "Staff Engineer",
        "description": "Lead the platform team.",
        "company_name": "Globex",
        "location": "Lisbon, Portugal",
        "employment_type": "contract",
        "remote": True,
        "salary_min": 0,
        "salary_max": 10**12,
        "currency": "EUR",
        "tags": ["python", "sql", "go", "ärger"],
    }
    assert {key: job[key] for key in expected} == expected
    assert await get_job(client, owner, job["id"]) == job


@pytest.mark.parametrize("status", ["draft", "open"])
async def test_a_job_is_born_draft_or_open(
    client: AsyncClient, users: AccountFactory, status: str
) -> None:
    owner, reader = await users.create(), await users.create()
    job = await create_job(client, owner, status=status)
    assert job["status"] == status
    if status == "open":
        assert_timestamp(job["published_at"])
        assert item_ids(await list_jobs(client, reader)) == [job["id"]]
    else:
        assert job["published_at"] is None
        assert (await list_jobs(client, reader))["total"] == 0


@pytest.mark.parametrize("status", ["closed", "archived", "OPEN", "", None, 1])
async def test_other_statuses_at_creation_are_422(
    client: AsyncClient, users: AccountFactory, status: Any
) -> None:
    await assert_refused(client, await users.create(), job_body(status=status), "status")


@pytest.mark.parametrize("field", REQUIRED)
async def test_required_field_missing_is_422(
    client: AsyncClient, users: AccountFactory, field: str
) -> None:
    body = job_body()
    del body[field]
    await assert_refused(client, await users.create(), body, field)


@pytest.mark.parametrize("value", ["", "   ", "\n\t ", None])
@pytest.mark.parametrize("field", ["title", "description", "company_name"])
async def test_required_text_blank_or_null_is_422(
    client: AsyncClient, users: AccountFactory, field: str, value: str | None
) -> None:
    await assert_refused(client, await users.create(), job_body(**{field: value}), field)


@pytest.mark.parametrize("field", ["employment_type", "remote", "tags"])
async def test_null_for_a_non_nullable_field_is_422(
    client: AsyncClient, users: AccountFactory, field: str
) -> None:
    await assert_refused(client, await users.create(), job_body(**{field: None}), field)


@pytest.mark.parametrize(("field", "limit"), LENGTH_LIMITS, ids=[f for f, _ in LENGTH_LIMITS])
async def test_length_limits_count_the_trimmed_text(
    client: AsyncClient, users: AccountFactory, field: str, limit: int
) -> None:
    owner = await users.create()
    longest = "x" * limit
    job = await create_job(client, owner, **{field: f"  {longest}  "})
    assert job[field] == longest
    response = await client.post(
        JOBS, headers=owner.headers, json=job_body(**{field: longest + "x"})
    )
    assert_validation_error(response, field=field)
    assert item_ids(await list_jobs(client, owner, mine=True)) == [job["id"]]


async def test_text_with_a_nul_character_is_422(client: AsyncClient, users: AccountFactory) -> None:
    await assert_refused(client, await users.create(), job_body(title="Dev\x00ops"), "title")


@pytest.mark.parametrize("employment_type", EMPLOYMENT_TYPES)
async def test_every_employment_type_is_accepted(
    client: AsyncClient, users: AccountFactory, employment_type: str
) -> None:
    job = await create_job(client, await users.create(), employment_type=employment_type)
    assert job["employment_type"] == employment_type


@pytest.mark.parametrize("value", ["FULL_TIME", "full-time", "Full_time", "temporary", "", 1])
async def test_unknown_employment_type_is_422(
    client: AsyncClient, users: AccountFactory, value: Any
) -> None:
    body = job_body(employment_type=value)
    await assert_refused(client, await users.create(), body, "employment_type")


async def test_fifty_distinct_tags_are_the_most(client: AsyncClient, users: AccountFactory) -> None:
    owner = await users.create()
    fifty = [f"tag{n}" for n in range(50)]
    # Duplicates are dropped before counting: 50 distinct tags in 52 entries are fine.
    job = await create_job(client, owner, tags=[*fifty, "TAG0", " tag1 "])
    assert job["tags"] == fifty
    response = await client.post(JOBS, headers=owner.headers, json=job_body(tags=[*fifty, "x"]))
    assert_validation_error(response, field="tags")
    assert item_ids(await list_jobs(client, owner, mine=True)) == [job["id"]]


async def test_a_tag_of_fifty_characters_is_the_longest(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    job = await create_job(client, owner, tags=["A" * 50])
    assert job["tags"] == ["a" * 50]
    response = await client.post(JOBS, headers=owner.headers, json=job_body(tags=["a" * 51]))
    assert_validation_error(response)
    assert (await list_jobs(client, owner, mine=True))["total"] == 1


@pytest.mark.parametrize("tags", [[""], ["  "], ["ok", ""], "python", [1], [None], {"a": 1}])
async def test_malformed_tags_are_422(
    client: AsyncClient, users: AccountFactory, tags: Any
) -> None:
    await assert_refused(client, await users.create(), job_body(tags=tags))


@pytest.mark.parametrize("field", sorted({**JOB_SERVER_FIELDS, **UNKNOWN_FIELDS}))
async def test_server_set_and_unknown_fields_are_422(
    client: AsyncClient, users: AccountFactory, field: str
) -> None:
    value = {**JOB_SERVER_FIELDS, **UNKNOWN_FIELDS}[field]
    await assert_refused(client, await users.create(), job_body(**{field: value}), field)


@pytest.mark.parametrize("body", [[], "job", 1, [job_body()]], ids=repr)
async def test_a_body_that_is_not_an_object_is_422(
    client: AsyncClient, users: AccountFactory, body: Any
) -> None:
    await assert_refused(client, await users.create(), body)
