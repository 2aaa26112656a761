"""`Idempotency-Key` refusals: what fails frees the key, what is malformed is never stored.

A first request that fails (422, 404, 400, 409) leaves no trace, so a corrected retry with the
same key runs afresh. A malformed key is refused at the header (422); without a valid token the
endpoint answers its own 401 and no key is kept.
"""

from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.idempotency import (
    KEY,
    assert_fresh,
    assert_key_refused,
    assert_replay_of,
    creation,
    keyed,
    post,
    ready_caller,
    stored_keys,
    total,
)
from tests.helpers.jobs import APPLICATIONS, JOBS, move_application, open_job
from tests.helpers.problems import assert_problem, assert_unauthorized
from tests.helpers.profiles import EXPERIENCE, put_profile


async def fail_then_fix(case: str, client: AsyncClient, users: AccountFactory) -> tuple[Any, ...]:
    """(user, path, failing body, expected status, corrected body) for one failing first try."""
    user = await users.create()
    if case == "invalid job body":
        body = {"title": "Engineer"}
        return user, JOBS, body, 422, (await creation("jobs", client, users)).body
    if case == "profile entry without a profile":
        return user, EXPERIENCE.path, EXPERIENCE.body(), 404, EXPERIENCE.body()
    other_job = await open_job(client, await users.create())
    fixed = {"job_id": other_job["id"], "cover_letter": "Hello."}
    if case == "application to an unknown job":
        unknown = {**fixed, "job_id": "00000000-0000-4000-8000-000000000000"}
        return user, APPLICATIONS, unknown, 404, fixed
    own_job = await open_job(client, user)
    return user, APPLICATIONS, {**fixed, "job_id": own_job["id"]}, 400, fixed


FAILURES = [
    "invalid job body",
    "profile entry without a profile",
    "application to an unknown job",
    "application to the caller's own job",
]


@pytest.mark.parametrize("case", FAILURES)
async def test_a_failed_request_frees_its_key(
    app: FastAPI, client: AsyncClient, users: AccountFactory, case: str
) -> None:
    user, path, failing, status, fixed = await fail_then_fix(case, client, users)

    response = await client.post(path, headers=keyed(user, "try"), json=failing)
    assert response.status_code == status, response.text
    assert await stored_keys(app, user.id) == 0
    if path == EXPERIENCE.path:
        await put_profile(client, user)

    retried = await client.post(path, headers=keyed(user, "try"), json=fixed)
    assert_fresh(retried)
    assert_replay_of(await client.post(path, headers=keyed(user, "try"), json=fixed), retried)


async def test_a_conflict_is_not_stored(
    app: FastAPI, client: AsyncClient, users: AccountFactory
) -> None:
    made = await creation("applications", client, users)
    talent = await ready_caller(made, client, users)
    application = assert_fresh(await post(client, talent, made, key="first"))

    assert_problem(await post(client, talent, made, key="second"), 409, "conflict")
    assert await stored_keys(app, talent.id) == 1

    # Once the first is withdrawn the talent may apply again: "second" runs afresh.
    await move_application(client, talent, application["id"], "withdrawn")
    again = assert_fresh(await post(client, talent, made, key="second"))
    assert again["id"] != application["id"]


MALFORMED = {
    "empty": b"",
    "256 chars": b"k" * 256,
    "space": b"two words",
    "non-ASCII": "cl\u00e9".encode(),
    "control character": b"a\x7fb",
}


@pytest.mark.parametrize("key", MALFORMED.values(), ids=MALFORMED.keys())
async def test_malformed_key_is_422(
    app: FastAPI, client: AsyncClient, users: AccountFactory, key: bytes
) -> None:
    made = await creation("jobs", client, users)
    user = await ready_caller(made, client, users)
    headers = [(name.encode(), value.encode()) for name, value in user.headers.items()]

    response = await client.post(JOBS, headers=[*headers, (KEY.encode(), key)], json=made.body)
    assert_key_refused(response)
    assert await total(client, user, made) == 0
    assert await stored_keys(app) == 0


async def test_a_255_char_key_works(client: AsyncClient, users: AccountFactory) -> None:
    made = await creation("jobs", client, users)
    user = await ready_caller(made, client, users)
    key = "~!" + "a" * 252 + "-"

    first = await post(client, user, made, key=key)
    assert_fresh(first)
    assert_replay_of(await post(client, user, made, key=key), first)


@pytest.mark.parametrize("key", ["good-key", "bad key"])
@pytest.mark.parametrize("token", [None, "Bearer garbage", "Basic dXNlcjpwYXNz"])
async def test_no_valid_token_is_401_with_a_key(
    app: FastAPI, client: AsyncClient, users: AccountFactory, key: str, token: str | None
) -> None:
    made = await creation("jobs", client, users)
    headers = {KEY: key} if token is None else {KEY: key, "Authorization": token}

    assert_unauthorized(await client.post(JOBS, headers=headers, json=made.body))
    assert await stored_keys(app) == 0
