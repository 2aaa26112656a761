"""`Idempotency-Key`: the stored answer and the resource commit together, and small protocol
points (one header only, a Retry-After on the in-flight 409, the caller in the access line)."""

import logging
from datetime import timedelta

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from services import idempotency
from tests.helpers.accounts import AccountFactory
from tests.helpers.idempotency import (
    KEY,
    assert_fresh,
    assert_key_refused,
    assert_replay_of,
    claim_in_flight,
    creation,
    keyed,
    post,
    ready_caller,
    stored_keys,
    total,
)
from tests.helpers.problems import assert_problem


async def test_a_failure_storing_the_answer_rolls_the_resource_back(
    client: AsyncClient, users: AccountFactory, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = await creation("jobs", client, users)
    user = await ready_caller(made, client, users)

    async def broken_store(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    with monkeypatch.context() as patch:
        patch.setattr(idempotency, "store_response", broken_store)
        failed = await post(client, user, made, key="atomic")

    assert_problem(failed, 500, "internal_error")
    assert await total(client, user, made) == 0
    assert await stored_keys(app, user.id) == 0
    first = await post(client, user, made, key="atomic")
    assert_fresh(first)
    assert_replay_of(await post(client, user, made, key="atomic"), first)
    assert await total(client, user, made) == 1


async def test_the_key_header_may_be_sent_once(client: AsyncClient, users: AccountFactory) -> None:
    made = await creation("jobs", client, users)
    user = await ready_caller(made, client, users)
    headers = [*user.headers.items(), (KEY, "one"), (KEY, "two")]

    response = await client.post(made.path, headers=headers, json=made.body)

    assert_key_refused(response)
    assert await total(client, user, made) == 0


async def test_the_in_flight_conflict_says_when_to_retry(
    client: AsyncClient, users: AccountFactory, app: FastAPI
) -> None:
    made = await creation("jobs", client, users)
    user = await ready_caller(made, client, users)
    assert_fresh(await post(client, user, made, key="model"))
    await claim_in_flight(app, user, like="model", key="busy", age=timedelta(seconds=1))

    response = await client.post(made.path, headers=keyed(user, "busy"), json=made.body)

    assert_problem(response, 409, "conflict")
    assert response.headers["retry-after"] == "1"


async def test_a_replay_names_its_caller_in_the_access_line(
    client: AsyncClient, users: AccountFactory, caplog: pytest.LogCaptureFixture
) -> None:
    made = await creation("jobs", client, users)
    user = await ready_caller(made, client, users)
    first = await post(client, user, made, key="logged")

    caplog.set_level(logging.INFO)
    caplog.clear()
    assert_replay_of(await post(client, user, made, key="logged"), first)

    access = [record.msg for record in caplog.records if isinstance(record.msg, dict)]
    lines = [line for line in access if line.get("event") == "request_finished"]
    assert lines, access
    assert lines[-1]["user_id"] == str(user.id)
