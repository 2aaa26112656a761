"""`Idempotency-Key` over time: simultaneous retries, keys left in flight, expiry and purging.

A key is claimed before its request runs: a retry arriving meanwhile is told 409, never runs the
request twice. A claim whose request never finished is taken over after 5 minutes; a stored
answer replays for 24 hours, then the key is free again and `purge-deleted` removes it.
"""

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.idempotency import (
    REPLAYED,
    Creation,
    age_key,
    assert_fresh,
    assert_replay_of,
    claim_in_flight,
    creation,
    keyed,
    post,
    ready_caller,
    record_is_in_flight,
    stored_keys,
    total,
)
from tests.helpers.manage import run_manage
from tests.helpers.problems import assert_problem, json_body


@pytest.mark.parametrize("kind", ["jobs", "applications", "experiences"])
@pytest.mark.parametrize("attempts", [2, 6])
async def test_simultaneous_retries_create_once(
    client: AsyncClient, users: AccountFactory, kind: str, attempts: int
) -> None:
    made = await creation(kind, client, users)
    user = await ready_caller(made, client, users)

    responses = await asyncio.gather(
        *(post(client, user, made, key="at-once") for _ in range(attempts))
    )

    fresh = [r for r in responses if r.status_code == 201 and REPLAYED not in r.headers]
    assert len(fresh) == 1, [(r.status_code, r.text) for r in responses]
    for response in responses:
        if response is fresh[0]:
            continue
        if response.status_code == 409:
            assert_problem(response, 409, "conflict")
        else:
            assert_replay_of(response, fresh[0])
    assert await total(client, user, made) == 1
    # The losers left the winner's key alone: it now replays.
    assert_replay_of(await post(client, user, made, key="at-once"), fresh[0])


async def test_two_users_with_one_key_at_once_both_create(
    client: AsyncClient, users: AccountFactory
) -> None:
    made = await creation("jobs", client, users)
    callers = [await ready_caller(made, client, users) for _ in range(3)]

    responses = await asyncio.gather(*(post(client, user, made, key="ours") for user in callers))

    bodies = [assert_fresh(response) for response in responses]
    assert sorted(body["owner_id"] for body in bodies) == sorted(str(u.id) for u in callers)
    for user in callers:
        assert await total(client, user, made) == 1


async def in_flight_setup(
    app: FastAPI, client: AsyncClient, users: AccountFactory, age: timedelta
) -> tuple[Account, Creation, Response, Response]:
    """A job made with key "done", then a claim on "running" for the same request left `age`
    ago, then that request sent with "running"; returns (user, request, first, last answer)."""
    made = await creation("jobs", client, users)
    user = await ready_caller(made, client, users)
    first = await post(client, user, made, key="done")
    assert_fresh(first)
    await claim_in_flight(app, user, like="done", key="running", age=age)
    return user, made, first, await post(client, user, made, key="running")


@pytest.mark.parametrize("age", [timedelta(0), timedelta(minutes=4)], ids=["now", "4 min"])
async def test_a_request_in_flight_makes_a_retry_409(
    app: FastAPI, client: AsyncClient, users: AccountFactory, age: timedelta
) -> None:
    user, made, _first, retry = await in_flight_setup(app, client, users, age)

    assert_problem(retry, 409, "conflict")
    assert await total(client, user, made) == 1
    # The claim is still the first request's: a 409 neither frees nor completes it.
    assert await record_is_in_flight(app, user, "running")
    assert_problem(await post(client, user, made, key="running"), 409, "conflict")


async def test_a_claim_abandoned_for_5_minutes_is_taken_over(
    app: FastAPI, client: AsyncClient, users: AccountFactory
) -> None:
    user, made, first, retry = await in_flight_setup(app, client, users, timedelta(minutes=6))

    assert assert_fresh(retry)["id"] != json_body(first, 201)["id"]
    assert await total(client, user, made) == 2
    assert not await record_is_in_flight(app, user, "running")
    assert_replay_of(await post(client, user, made, key="running"), retry)


@pytest.mark.parametrize(
    ("age", "replays"),
    [(timedelta(hours=23), True), (timedelta(hours=25), False)],
    ids=["23 h", "25 h"],
)
async def test_a_stored_answer_replays_for_24_hours(
    app: FastAPI, client: AsyncClient, users: AccountFactory, age: timedelta, replays: bool
) -> None:
    made = await creation("jobs", client, users)
    user = await ready_caller(made, client, users)
    first = await post(client, user, made, key="daily")
    assert_fresh(first)
    await age_key(app, user, "daily", age)

    again = await post(client, user, made, key="daily")
    if replays:
        assert_replay_of(again, first)
        assert await total(client, user, made) == 1
    else:
        assert json_body(again, 201)["id"] != json_body(first, 201)["id"]
        assert REPLAYED not in again.headers
        assert await total(client, user, made) == 2
        # The key now belongs to the new request.
        assert_replay_of(await post(client, user, made, key="daily"), again)


async def test_an_expired_key_may_carry_another_body(
    app: FastAPI, client: AsyncClient, users: AccountFactory
) -> None:
    made = await creation("jobs", client, users)
    user = await ready_caller(made, client, users)
    assert_fresh(await post(client, user, made, key="reused"))
    await age_key(app, user, "reused", timedelta(hours=25))

    other = {**made.body, "title": "Another role"}
    response = await client.post(made.path, headers=keyed(user, "reused"), json=other)
    assert assert_fresh(response)["title"] == "Another role"


async def test_purge_removes_expired_keys_only(
    app: FastAPI, client: AsyncClient, users: AccountFactory, manage_env: Path
) -> None:
    made = await creation("jobs", client, users)
    user = await ready_caller(made, client, users)
    keys = ["fresh", "expired", "abandoned"]
    answers = {key: await post(client, user, made, key=key) for key in keys}
    await age_key(app, user, "expired", timedelta(hours=25))
    await claim_in_flight(app, user, like="fresh", key="running", age=timedelta(hours=1))
    await claim_in_flight(app, user, like="fresh", key="ancient", age=timedelta(hours=30))
    await age_key(app, user, "abandoned", timedelta(hours=24, minutes=1))
    assert await stored_keys(app, user.id) == 5

    assert await run_manage("purge-deleted", "--older-than", "0") == 0

    assert await stored_keys(app, user.id) == 2
    assert await record_is_in_flight(app, user, "running")
    assert_replay_of(await post(client, user, made, key="fresh"), answers["fresh"])
    assert await total(client, user, made) == 3


async def test_purging_a_deleted_account_removes_its_keys(
    app: FastAPI, client: AsyncClient, users: AccountFactory, manage_env: Path
) -> None:
    made = await creation("jobs", client, users)
    leaving = await ready_caller(made, client, users)
    staying = await ready_caller(made, client, users)
    for user in (leaving, staying):
        assert_fresh(await post(client, user, made, key="mine"))
    assert (await client.delete("/api/v1/auth/me", headers=leaving.headers)).status_code == 204

    assert await run_manage("purge-deleted", "--older-than", "0") == 0

    assert await stored_keys(app, leaving.id) == 0
    assert await stored_keys(app, staying.id) == 1
