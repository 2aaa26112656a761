"""Boolean body fields take JSON `true`/`false` only: "yes", 1 or "on" are 422, not booleans.

Query parameters are text by nature and keep their usual spellings (`?remote=true`).
"""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.jobs import JOBS, create_job, job_body, job_path
from tests.helpers.problems import assert_validation_error, json_body
from tests.helpers.profiles import PROFILE, put_profile

NOT_BOOLEANS: list[Any] = ["yes", "true", "on", "1", 1, 0, 1.0, "", [True], {"value": True}]


@pytest.mark.parametrize("value", NOT_BOOLEANS)
async def test_job_remote_must_be_a_json_boolean(
    client: AsyncClient, users: AccountFactory, value: Any
) -> None:
    owner = await users.create()
    job = await create_job(client, owner, remote=True)

    created = await client.post(JOBS, headers=owner.headers, json=job_body(remote=value))
    patched = await client.patch(job_path(job["id"]), headers=owner.headers, json={"remote": value})

    assert_validation_error(created, field="remote")
    assert_validation_error(patched, field="remote")
    listed = json_body(await client.get(JOBS, headers=owner.headers, params={"mine": "true"}))
    assert [item["remote"] for item in listed["items"]] == [True]


@pytest.mark.parametrize("value", NOT_BOOLEANS)
async def test_profile_open_to_work_must_be_a_json_boolean(
    client: AsyncClient, users: AccountFactory, value: Any
) -> None:
    user = await users.create()
    await put_profile(client, user, open_to_work=True)

    replaced = await client.put(PROFILE, headers=user.headers, json={"open_to_work": value})
    patched = await client.patch(PROFILE, headers=user.headers, json={"open_to_work": value})

    assert_validation_error(replaced, field="open_to_work")
    assert_validation_error(patched, field="open_to_work")
    assert json_body(await client.get(PROFILE, headers=user.headers))["open_to_work"] is True


@pytest.mark.parametrize("value", NOT_BOOLEANS)
async def test_admin_is_active_must_be_a_json_boolean(
    client: AsyncClient, users: AccountFactory, value: Any
) -> None:
    admin, user = await users.admin(), await users.create()

    response = await client.patch(
        f"/api/v1/users/{user.id}", headers=admin.headers, json={"is_active": value}
    )

    assert_validation_error(response, field="is_active")
    stored = json_body(await client.get(f"/api/v1/users/{user.id}", headers=admin.headers))
    assert stored["is_active"] is True


@pytest.mark.parametrize(("value", "expected"), [(True, True), (False, False)])
async def test_json_booleans_are_stored(
    client: AsyncClient, users: AccountFactory, value: bool, expected: bool
) -> None:
    owner = await users.create()
    job = await create_job(client, owner, remote=value)
    assert job["remote"] is expected
