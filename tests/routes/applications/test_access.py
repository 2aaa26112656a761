"""/applications: who may reach which application.

Two parties see an application, its applicant and the owner of its job; to anyone else it does
not exist (404), and refused writes leave it exactly as it was.
"""

from typing import Any

import pytest
from httpx import AsyncClient, Response

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import (
    APPLICATIONS,
    RECEIVED,
    application_path,
    apply,
    apply_to_new_job,
    get_application,
    item_ids,
    list_applications,
    open_job,
)
from tests.helpers.problems import (
    assert_not_found,
    assert_problem,
    assert_unauthorized,
    assert_validation_error,
)

# Fixed, not random: test ids are built from it, and parallel workers must agree on them.
UNKNOWN_ID = "3f2b8c1e-9d4a-4e6b-a7c5-1b0e9f8d2c6a"
# (method, path suffix) of every application endpoint; "{id}" is an application id.
ENDPOINTS = [
    ("GET", ""),
    ("POST", ""),
    ("GET", "/received"),
    ("GET", "/{id}"),
    ("PATCH", "/{id}"),
    ("DELETE", "/{id}"),
]
ENDPOINT_IDS = [f"{method} {suffix or '/'}" for method, suffix in ENDPOINTS]
ITEM_METHODS = ["GET", "PATCH", "DELETE"]
# PATCH bodies each party could send; an outsider must get 404 for every one of them.
PATCH_BODIES: list[dict[str, Any]] = [
    {"status": "withdrawn"},
    {"status": "reviewing"},
    {"status": "accepted"},
    {"status": "rejected"},
    {"cover_letter": "Hijacked."},
    {"resume_url": "https://evil.example.com/cv.pdf"},
]
OUTSIDER_CALLS = [("GET", {}), ("DELETE", {}), *(("PATCH", body) for body in PATCH_BODIES)]
OUTSIDER_IDS = ["GET", "DELETE", *(f"PATCH-{next(iter(body.items()))}" for body in PATCH_BODIES)]


async def call_item(
    client: AsyncClient, user: Account, method: str, application_id: str, body: dict[str, Any]
) -> Response:
    """`method` on one application (GET and DELETE ignore the body)."""
    return await client.request(
        method, application_path(application_id), headers=user.headers, json=body
    )


async def assert_untouched(
    client: AsyncClient, owner: Account, applicant: Account, application: dict[str, Any]
) -> None:
    """Both parties still read the application as it was, and still list it."""
    assert await get_application(client, applicant, application["id"]) == application
    assert await get_application(client, owner, application["id"]) == application
    assert item_ids(await list_applications(client, applicant)) == [application["id"]]
    assert item_ids(await list_applications(client, owner, RECEIVED)) == [application["id"]]


@pytest.mark.parametrize(("method", "suffix"), ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("token", [None, "garbage"], ids=["no-token", "bad-token"])
async def test_anonymous_is_401(
    client: AsyncClient, users: AccountFactory, method: str, suffix: str, token: str | None
) -> None:
    owner, applicant = await users.create(), await users.create()
    job, application = await apply_to_new_job(client, owner, applicant)
    path = APPLICATIONS + suffix.format(id=application["id"])
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body: dict[str, Any] = {"status": "withdrawn"}
    if method == "POST":
        body = {"job_id": job["id"], "cover_letter": "Anonymous."}

    assert_unauthorized(await client.request(method, path, headers=headers, json=body))
    await assert_untouched(client, owner, applicant, application)


@pytest.mark.parametrize("method", ITEM_METHODS)
async def test_unknown_id_is_404(client: AsyncClient, users: AccountFactory, method: str) -> None:
    owner, applicant = await users.create(), await users.create()
    _, application = await apply_to_new_job(client, owner, applicant)

    for party in (owner, applicant):
        assert_not_found(await call_item(client, party, method, UNKNOWN_ID, {"cover_letter": "x"}))
    await assert_untouched(client, owner, applicant, application)


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "123", f"{UNKNOWN_ID}0", "0" * 33])
@pytest.mark.parametrize("method", ITEM_METHODS)
async def test_malformed_id_is_422(
    client: AsyncClient, users: AccountFactory, method: str, bad_id: str
) -> None:
    user = await users.create()
    response = await call_item(client, user, method, bad_id, {"cover_letter": "x"})
    assert_validation_error(response, field="application_id")


@pytest.mark.parametrize(("method", "body"), OUTSIDER_CALLS, ids=OUTSIDER_IDS)
async def test_third_user_gets_404_and_changes_nothing(
    client: AsyncClient, users: AccountFactory, method: str, body: dict[str, Any]
) -> None:
    owner, applicant, outsider = await users.create(), await users.create(), await users.create()
    _, application = await apply_to_new_job(client, owner, applicant)

    assert_not_found(await call_item(client, outsider, method, application["id"], body))
    await assert_untouched(client, owner, applicant, application)


async def test_third_user_never_sees_the_application_in_a_list(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, applicant, outsider = await users.create(), await users.create(), await users.create()
    job, application = await apply_to_new_job(client, owner, applicant)
    # The outsider is busy on both sides too: their own job received an application, and
    # they applied to the very job the application under test was sent to.
    _, received = await apply_to_new_job(client, outsider, applicant)
    own = await apply(client, outsider, job["id"])

    assert item_ids(await list_applications(client, outsider)) == [own["id"]]
    assert item_ids(await list_applications(client, outsider, RECEIVED)) == [received["id"]]
    for status in ("submitted", None):
        params = {"status": status} if status else {}
        mine = await list_applications(client, outsider, **params)
        assert application["id"] not in item_ids(mine)
    refused = await client.get(RECEIVED, headers=outsider.headers, params={"job_id": job["id"]})
    assert_not_found(refused)
    assert set(item_ids(await list_applications(client, owner, RECEIVED))) == {
        application["id"],
        own["id"],
    }


@pytest.mark.parametrize("status", ["submitted", "reviewing", "accepted", "rejected"])
async def test_job_owner_cannot_delete_an_application(
    client: AsyncClient, users: AccountFactory, status: str
) -> None:
    owner, applicant = await users.create(), await users.create()
    _, application = await apply_to_new_job(client, owner, applicant)
    if status != "submitted":
        moved = await client.patch(
            application_path(application["id"]), headers=owner.headers, json={"status": status}
        )
        assert moved.status_code == 200, moved.text
        application = moved.json()

    refused = await client.delete(application_path(application["id"]), headers=owner.headers)

    assert_problem(refused, 403, "forbidden")
    await assert_untouched(client, owner, applicant, application)


async def test_applicant_deletes_and_then_nobody_finds_it(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, applicant = await users.create(), await users.create()
    _, application = await apply_to_new_job(client, owner, applicant)
    path = application_path(application["id"])

    response = await client.delete(path, headers=applicant.headers)

    assert response.status_code == 204, response.text
    assert response.content == b""
    for party in (applicant, owner):
        for method in ITEM_METHODS:
            assert_not_found(await call_item(client, party, method, application["id"], {}))
    assert (await list_applications(client, applicant))["total"] == 0
    assert (await list_applications(client, owner, RECEIVED))["total"] == 0


async def test_both_parties_read_the_same_application(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, applicant = await users.create(), await users.create()
    job = await open_job(client, owner)
    application = await apply(client, applicant, job["id"])

    assert await get_application(client, applicant, application["id"]) == application
    assert await get_application(client, owner, application["id"]) == application
    assert application["applicant_id"] == str(applicant.id)
    assert application["job_id"] == job["id"]
