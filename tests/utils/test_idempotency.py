"""`Idempotency-Key` on create endpoints (SPEC §4): a retry replays the first answer.

Every POST that creates (201) for a signed-in user honours the header: the same key and body
replay the first answer marked `Idempotent-Replayed: true`; the same key with another request
is 422; keys belong to their user. Failed first requests and malformed keys are in
`test_idempotency_refusals.py`; simultaneous retries, keys left in flight, expiry and the purge
in `test_idempotency_lifetime.py`.
"""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.idempotency import (
    KEY,
    KINDS,
    REPEATABLE_KINDS,
    REPLAYED,
    assert_fresh,
    assert_key_refused,
    assert_replay_of,
    creation,
    keyed,
    post,
    ready_caller,
    total,
)
from tests.helpers.jobs import JOBS, job_path, open_job
from tests.helpers.profiles import EXPERIENCE, put_profile
from utils.access import operation_id
from utils.idempotency import IdempotentRoute

by_kind = pytest.mark.parametrize("kind", KINDS)
# The one create endpoint open to anonymous callers, who have no keys.
NOT_IDEMPOTENT = {"auth-register"}


def create_operations(app: FastAPI) -> dict[str, tuple[APIRoute, dict[str, Any]]]:
    """Every /api/v1 POST answering 201, by operation id: its route and OpenAPI operation."""
    documented = {
        operation["operationId"]: operation
        for path_item in app.openapi()["paths"].values()
        for operation in path_item.values()
        if isinstance(operation, dict)
    }
    creates = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if (
            isinstance(route, APIRoute)
            and str(context.path).startswith("/api/v1")
            and "POST" in (context.methods or ())
            and route.status_code == 201
        ):
            creates[operation_id(route)] = (route, documented[operation_id(route)])
    return creates


def key_parameters(operation: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in operation.get("parameters", []) if p["name"] == KEY]


def test_every_create_endpoint_takes_a_key(app: FastAPI) -> None:
    creates = create_operations(app)
    assert {
        "jobs-create",
        "applications-create",
        "experiences-create",
        "courses-create",
        "enrollments-create",
    } <= set(creates)
    assert set(creates) >= NOT_IDEMPOTENT

    for op_id, (route, operation) in creates.items():
        if op_id in NOT_IDEMPOTENT:
            assert not isinstance(route, IdempotentRoute), op_id
            assert key_parameters(operation) == [], op_id
        else:
            assert isinstance(route, IdempotentRoute), op_id
            [parameter] = key_parameters(operation)
            assert parameter["in"] == "header"
            assert parameter["required"] is False
            assert parameter["schema"]["maxLength"] == 255
    # No other operation takes a key.
    for path_item in app.openapi()["paths"].values():
        for operation in path_item.values():
            if key_parameters(operation):
                assert operation["operationId"] in set(creates) - NOT_IDEMPOTENT


def test_every_idempotent_create_documents_the_in_flight_409(app: FastAPI) -> None:
    undocumented = [
        op_id
        for op_id, (_route, operation) in create_operations(app).items()
        if op_id not in NOT_IDEMPOTENT and "409" not in operation["responses"]
    ]
    assert undocumented == []


@by_kind
async def test_retry_with_the_same_key_replays_the_first_answer(
    client: AsyncClient, users: AccountFactory, kind: str
) -> None:
    made = await creation(kind, client, users)
    user = await ready_caller(made, client, users)

    first = await post(client, user, made, key="retry-1")
    assert_fresh(first)
    for _ in range(2):
        assert_replay_of(await post(client, user, made, key="retry-1"), first)
    assert await total(client, user, made) == 1


@pytest.mark.parametrize("kind", REPEATABLE_KINDS)
async def test_without_a_key_every_post_creates(
    client: AsyncClient, users: AccountFactory, kind: str
) -> None:
    made = await creation(kind, client, users)
    user = await ready_caller(made, client, users)

    first, second = await post(client, user, made), await post(client, user, made)
    assert assert_fresh(first)["id"] != assert_fresh(second)["id"]
    assert await total(client, user, made) == 2


@by_kind
async def test_same_key_with_another_body_is_422(
    client: AsyncClient, users: AccountFactory, kind: str
) -> None:
    made = await creation(kind, client, users)
    user = await ready_caller(made, client, users)
    first = await post(client, user, made, key="k")
    assert_fresh(first)

    changed = {**made.body, "description": "Something else entirely."}
    if kind == "applications":
        changed = {**made.body, "cover_letter": "Another letter."}
    response = await client.post(made.path, headers=keyed(user, "k"), json=changed)
    assert_key_refused(response)
    assert_replay_of(await post(client, user, made, key="k"), first)
    assert await total(client, user, made) == 1


@pytest.mark.parametrize("elsewhere", ["other endpoint", "same path, another query"])
async def test_same_key_on_another_request_target_is_422(
    client: AsyncClient, users: AccountFactory, elsewhere: str
) -> None:
    user = await users.create()
    await put_profile(client, user)
    jobs = await creation("jobs", client, users)
    assert_fresh(await post(client, user, jobs, key="shared"))

    if elsewhere == "other endpoint":
        response = await client.post(
            EXPERIENCE.path, headers=keyed(user, "shared"), json=EXPERIENCE.body()
        )
    else:
        response = await client.post(
            JOBS, params={"draft": "1"}, headers=keyed(user, "shared"), json=jobs.body
        )
    assert_key_refused(response)
    assert await total(client, user, jobs) == 1
    assert (await client.get(EXPERIENCE.path, headers=user.headers)).json()["total"] == 0


@by_kind
async def test_another_users_identical_key_is_their_own(
    client: AsyncClient, users: AccountFactory, kind: str
) -> None:
    made = await creation(kind, client, users)
    first_user = await ready_caller(made, client, users)
    other_user = await ready_caller(made, client, users)

    first = assert_fresh(await post(client, first_user, made, key="same-key"))
    other = assert_fresh(await post(client, other_user, made, key="same-key"))
    assert other["id"] != first["id"]
    assert await total(client, first_user, made) == await total(client, other_user, made) == 1


async def test_other_methods_ignore_the_key(client: AsyncClient, users: AccountFactory) -> None:
    owner = await users.create()
    job = await open_job(client, owner)

    path = job_path(job["id"])
    changed = await client.patch(path, headers=keyed(owner, "bad key"), json={"title": "New"})
    assert changed.status_code == 200, changed.text
    assert (await client.get(path, headers=keyed(owner, ""))).status_code == 200


async def test_register_ignores_a_key(client: AsyncClient) -> None:
    body = {"email": "keyed@example.com", "password": "password123", "full_name": "Keyed"}
    response = await client.post("/api/v1/auth/register", headers={KEY: "bad key"}, json=body)
    assert response.status_code == 201, response.text
    assert REPLAYED not in response.headers
