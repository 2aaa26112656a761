"""Salary and currency of a job: strict whole numbers, max ≥ min, a currency with any salary.

The rules hold on create and on PATCH, where a change to one field is checked against the values
already stored. A refused body changes nothing.
"""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import JOBS, create_job, get_job, job_body, job_path, list_jobs
from tests.helpers.problems import assert_validation_error

SALARY_FIELDS = ["salary_min", "salary_max"]
MAX_SALARY = 10**12
# Salaries are strict whole numbers: no strings, fractions or booleans are coerced.
BAD_SALARIES: list[Any] = ["50000", 50000.5, True, -1, MAX_SALARY + 1, [], {}]
STORED = {"salary_min": 50_000, "salary_max": 70_000, "currency": "EUR"}
NO_SALARY: dict[str, Any] = {"salary_min": None, "salary_max": None, "currency": None}


async def assert_refused(
    client: AsyncClient, user: Account, body: Any, field: str | None = None
) -> None:
    """POST `body` is a 422 (pointing at `field`, if given) and stores no job."""
    assert_validation_error(await client.post(JOBS, headers=user.headers, json=body), field=field)
    assert (await list_jobs(client, user, mine=True))["total"] == 0


def salary_of(job: dict[str, Any]) -> dict[str, Any]:
    return {field: job[field] for field in NO_SALARY}


@pytest.mark.parametrize(
    "salary",
    [
        {"salary_min": 50_000},
        {"salary_max": 70_000},
        {"salary_min": 60_000, "salary_max": 60_000},
        {"salary_min": 0, "salary_max": 0},
        {"salary_min": MAX_SALARY, "salary_max": MAX_SALARY},
    ],
    ids=str,
)
async def test_valid_salaries_are_stored(
    client: AsyncClient, users: AccountFactory, salary: dict[str, int]
) -> None:
    job = await create_job(client, await users.create(), currency="CHF", **salary)
    expected = {"salary_min": None, "salary_max": None, **salary, "currency": "CHF"}
    assert {key: job[key] for key in expected} == expected


async def test_a_whole_number_written_with_a_point_is_a_salary(
    client: AsyncClient, users: AccountFactory
) -> None:
    # JSON Schema's `integer`, which the schema publishes, counts 50000.0 as one.
    job = await create_job(client, await users.create(), currency="EUR", salary_min=50000.0)
    assert job["salary_min"] == 50_000


@pytest.mark.parametrize("value", BAD_SALARIES, ids=repr)
@pytest.mark.parametrize("field", SALARY_FIELDS)
async def test_salary_that_is_not_a_whole_number_in_range_is_422(
    client: AsyncClient, users: AccountFactory, field: str, value: Any
) -> None:
    body = job_body(currency="EUR", **{field: value})
    await assert_refused(client, await users.create(), body, field)


@pytest.mark.parametrize(
    ("salary", "field"),
    [
        ({"salary_min": 70_000, "salary_max": 69_999, "currency": "EUR"}, "salary_max"),
        ({"salary_min": 1, "salary_max": 0, "currency": "EUR"}, "salary_max"),
        ({"salary_min": 50_000}, "currency"),
        ({"salary_max": 50_000}, "currency"),
        ({"salary_min": 0, "salary_max": 10}, "currency"),
        ({"salary_min": 10, "salary_max": 20, "currency": None}, "currency"),
    ],
    ids=str,
)
async def test_salary_rules_are_422_on_the_offending_field(
    client: AsyncClient, users: AccountFactory, salary: dict[str, Any], field: str
) -> None:
    await assert_refused(client, await users.create(), job_body(**salary), field)


@pytest.mark.parametrize(("sent", "stored"), [("usd", "USD"), (" Eur ", "EUR"), ("chF", "CHF")])
async def test_currency_is_upper_cased(
    client: AsyncClient, users: AccountFactory, sent: str, stored: str
) -> None:
    job = await create_job(client, await users.create(), salary_min=1, currency=sent)
    assert job["currency"] == stored


@pytest.mark.parametrize("currency", ["US", "USDD", "U$D", "12A", "", "ÜSD", "U SD", 840])
async def test_currency_that_is_not_three_letters_is_422(
    client: AsyncClient, users: AccountFactory, currency: Any
) -> None:
    body = job_body(salary_min=1, currency=currency)
    await assert_refused(client, await users.create(), body, "currency")


@pytest.mark.parametrize(
    ("stored", "changes", "expected"),
    [
        (STORED, {"salary_max": 50_000}, {**STORED, "salary_max": 50_000}),
        (STORED, {"salary_min": 70_000}, {**STORED, "salary_min": 70_000}),
        (
            STORED,
            {"salary_min": 80_000, "salary_max": 90_000},
            {**STORED, "salary_min": 80_000, "salary_max": 90_000},
        ),
        (STORED, {"currency": " gbp "}, {**STORED, "currency": "GBP"}),
        (STORED, {"salary_min": None}, {**STORED, "salary_min": None}),
        (STORED, NO_SALARY, NO_SALARY),
        (
            {},
            {"salary_max": 1, "currency": "usd"},
            {**NO_SALARY, "salary_max": 1, "currency": "USD"},
        ),
        ({}, {"currency": "chf"}, {**NO_SALARY, "currency": "CHF"}),
    ],
    ids=str,
)
async def test_patch_that_keeps_the_rules_is_stored(
    client: AsyncClient,
    users: AccountFactory,
    stored: dict[str, Any],
    changes: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    owner = await users.create()
    job = await create_job(client, owner, **stored)
    response = await client.patch(job_path(job["id"]), headers=owner.headers, json=changes)
    assert response.status_code == 200, response.text
    assert salary_of(response.json()) == expected
    assert salary_of(await get_job(client, owner, job["id"])) == expected


@pytest.mark.parametrize(
    ("stored", "changes", "field"),
    [
        (STORED, {"salary_max": 49_999}, "salary_max"),
        (STORED, {"salary_min": 70_001}, "salary_max"),
        (STORED, {"salary_min": 90_000, "salary_max": 80_000}, "salary_max"),
        (STORED, {"currency": None}, "currency"),
        (STORED, {"salary_min": None, "currency": None}, "currency"),
        ({}, {"salary_min": 1}, "currency"),
        ({}, {"salary_max": 1}, "currency"),
        ({}, {"salary_min": 5, "salary_max": 4, "currency": "EUR"}, "salary_max"),
        (STORED, {"salary_min": "60000"}, "salary_min"),
        (STORED, {"salary_max": 80_000.5}, "salary_max"),
        (STORED, {"salary_max": MAX_SALARY + 1}, "salary_max"),
        (STORED, {"salary_min": -1}, "salary_min"),
        (STORED, {"currency": "EURO"}, "currency"),
    ],
    ids=str,
)
async def test_patch_breaking_a_rule_against_stored_values_is_422_and_changes_nothing(
    client: AsyncClient,
    users: AccountFactory,
    stored: dict[str, Any],
    changes: dict[str, Any],
    field: str,
) -> None:
    owner = await users.create()
    job = await create_job(client, owner, **stored)
    response = await client.patch(
        job_path(job["id"]), headers=owner.headers, json={"title": "Changed", **changes}
    )
    assert_validation_error(response, field=field)
    assert await get_job(client, owner, job["id"]) == job
