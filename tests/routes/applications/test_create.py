"""POST /applications: which jobs a talent may apply to, how often, and what the body may hold."""

import uuid
from typing import Any

import pytest
from httpx import AsyncClient, Response

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import (
    APPLICATION_FIELDS,
    APPLICATIONS,
    JOB_SUMMARY_FIELDS,
    RECEIVED,
    application_path,
    apply,
    create_job,
    get_application,
    item_ids,
    job_path,
    list_applications,
    move_application,
    open_job,
    patch_job,
)
from tests.helpers.problems import (
    assert_not_found,
    assert_problem,
    assert_timestamp,
    assert_validation_error,
    json_body,
)


async def post_application(client: AsyncClient, user: Account, body: Any) -> Response:
    return await client.post(APPLICATIONS, headers=user.headers, json=body)


async def assert_no_applications(client: AsyncClient, applicant: Account) -> None:
    assert (await list_applications(client, applicant))["total"] == 0


async def test_create_returns_the_application_with_its_job_summary(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, applicant = await users.create(), await users.create()
    job = await open_job(client, owner, title="Data Engineer", company_name="Initech")
    body = {
        "job_id": job["id"],
        "cover_letter": "  I build pipelines.  ",
        "resume_url": "https://example.com/cv.pdf",
    }

    application = json_body(await post_application(client, applicant, body), 201)

    assert set(application) == APPLICATION_FIELDS
    uuid.UUID(application["id"])
    assert application["job_id"] == job["id"]
    assert application["applicant_id"] == str(applicant.id)
    assert application["cover_letter"] == "I build pipelines."
    assert application["resume_url"] == "https://example.com/cv.pdf"
    assert application["status"] == "submitted"
    assert set(application["job"]) == JOB_SUMMARY_FIELDS
    assert application["job"] == {
        "id": job["id"],
        "title": "Data Engineer",
        "company_name": "Initech",
        "status": "open",
    }
    assert assert_timestamp(application["updated_at"]) >= assert_timestamp(
        application["created_at"]
    )
    assert await get_application(client, applicant, application["id"]) == application
    assert item_ids(await list_applications(client, owner, RECEIVED)) == [application["id"]]


@pytest.mark.parametrize("case", ["unknown", "others-draft", "deleted", "own-deleted"])
async def test_invisible_job_is_404(client: AsyncClient, users: AccountFactory, case: str) -> None:
    owner, applicant = await users.create(), await users.create()
    job_id = str(uuid.uuid4())
    if case == "others-draft":
        job_id = (await create_job(client, owner))["id"]
    elif case in ("deleted", "own-deleted"):
        job_owner = applicant if case == "own-deleted" else owner
        job_id = (await open_job(client, job_owner))["id"]
        deleted = await client.delete(job_path(job_id), headers=job_owner.headers)
        assert deleted.status_code == 204, deleted.text

    response = await post_application(client, applicant, {"job_id": job_id, "cover_letter": "Hi"})

    assert_not_found(response)
    await assert_no_applications(client, applicant)


async def test_closed_job_is_400_and_reopened_job_accepts(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, applicant = await users.create(), await users.create()
    job = await open_job(client, owner)
    await patch_job(client, owner, job["id"], status="closed")
    body = {"job_id": job["id"], "cover_letter": "Hi"}

    assert_problem(await post_application(client, applicant, body), 400, "bad_request")
    await assert_no_applications(client, applicant)

    await patch_job(client, owner, job["id"], status="open")
    assert (await apply(client, applicant, job["id"]))["job"]["status"] == "open"


@pytest.mark.parametrize("status", ["open", "draft", "closed"])
async def test_own_job_is_400(client: AsyncClient, users: AccountFactory, status: str) -> None:
    owner = await users.create()
    job = await create_job(client, owner, status="open" if status == "closed" else status)
    if status == "closed":
        await patch_job(client, owner, job["id"], status="closed")

    response = await post_application(client, owner, {"job_id": job["id"], "cover_letter": "Me"})

    assert_problem(response, 400, "bad_request")
    await assert_no_applications(client, owner)
    assert (await list_applications(client, owner, RECEIVED))["total"] == 0


@pytest.mark.parametrize("status", ["submitted", "reviewing", "accepted"])
async def test_second_application_while_one_is_active_is_409(
    client: AsyncClient, users: AccountFactory, status: str
) -> None:
    owner, applicant = await users.create(), await users.create()
    job = await open_job(client, owner)
    first = await apply(client, applicant, job["id"])
    if status != "submitted":
        first = await move_application(client, owner, first["id"], status)

    response = await post_application(client, applicant, {"job_id": job["id"], "cover_letter": "2"})

    assert_problem(response, 409, "conflict")
    assert item_ids(await list_applications(client, applicant)) == [first["id"]]
    assert await get_application(client, applicant, first["id"]) == first


@pytest.mark.parametrize("ending", ["withdrawn", "rejected", "deleted"])
async def test_apply_again_after_the_last_application_ended(
    client: AsyncClient, users: AccountFactory, ending: str
) -> None:
    owner, applicant = await users.create(), await users.create()
    job = await open_job(client, owner)
    first = await apply(client, applicant, job["id"])
    if ending == "deleted":
        deleted = await client.delete(application_path(first["id"]), headers=applicant.headers)
        assert deleted.status_code == 204, deleted.text
    else:
        party = applicant if ending == "withdrawn" else owner
        first = await move_application(client, party, first["id"], ending)

    second = await apply(client, applicant, job["id"], cover_letter="Second try.")

    assert second["id"] != first["id"]
    assert second["status"] == "submitted"
    expected = {second["id"]} if ending == "deleted" else {first["id"], second["id"]}
    assert set(item_ids(await list_applications(client, applicant))) == expected
    # The new application is active again, so a third one is refused.
    third = await post_application(client, applicant, {"job_id": job["id"], "cover_letter": "3"})
    assert_problem(third, 409, "conflict")


LONG_LETTER = "x" * 10_000
INVALID_BODIES: list[tuple[str, dict[str, Any]]] = [
    ("cover_letter", {"cover_letter": None}),
    ("cover_letter", {"cover_letter": ""}),
    ("cover_letter", {"cover_letter": " \t\n "}),
    ("cover_letter", {"cover_letter": LONG_LETTER + "x"}),
    ("cover_letter", {"cover_letter": 42}),
    ("cover_letter", {"cover_letter": "nul\x00byte"}),
    ("resume_url", {"resume_url": "ftp://example.com/cv.pdf"}),
    ("resume_url", {"resume_url": "javascript:alert(1)"}),
    ("resume_url", {"resume_url": "example.com/cv.pdf"}),
    ("resume_url", {"resume_url": "https://exa mple.com/cv"}),
    ("resume_url", {"resume_url": "not a url"}),
    ("resume_url", {"resume_url": "https://example.com/" + "a" * 2048}),
    ("job_id", {"job_id": "not-a-uuid"}),
    ("job_id", {"job_id": 123}),
    ("job_id", {"job_id": None}),
    ("id", {"id": str(uuid.uuid4())}),
    ("applicant_id", {"applicant_id": str(uuid.uuid4())}),
    ("status", {"status": "accepted"}),
    ("created_at", {"created_at": "2001-01-01T00:00:00+00:00"}),
    ("updated_at", {"updated_at": "2001-01-01T00:00:00+00:00"}),
    ("deleted_at", {"deleted_at": "2001-01-01T00:00:00+00:00"}),
    ("job", {"job": {"title": "CEO"}}),
    ("salary", {"salary": 1}),
]


@pytest.mark.parametrize(("field", "change"), INVALID_BODIES, ids=[f for f, _ in INVALID_BODIES])
async def test_invalid_body_is_422_and_creates_nothing(
    client: AsyncClient, users: AccountFactory, field: str, change: dict[str, Any]
) -> None:
    owner, applicant = await users.create(), await users.create()
    job = await open_job(client, owner)
    body = {"job_id": job["id"], "cover_letter": "Hello.", **change}

    assert_validation_error(await post_application(client, applicant, body), field=field)
    await assert_no_applications(client, applicant)


@pytest.mark.parametrize("missing", ["job_id", "cover_letter"])
async def test_missing_required_field_is_422(
    client: AsyncClient, users: AccountFactory, missing: str
) -> None:
    owner, applicant = await users.create(), await users.create()
    job = await open_job(client, owner)
    body = {"job_id": job["id"], "cover_letter": "Hello."}
    del body[missing]

    assert_validation_error(await post_application(client, applicant, body), field=missing)
    await assert_no_applications(client, applicant)


@pytest.mark.parametrize("raw", [b"[]", b'"text"', b"null", b'{"job_id": ', b"{'a': 1}"])
async def test_body_that_is_not_a_json_object_is_422(
    client: AsyncClient, users: AccountFactory, raw: bytes
) -> None:
    applicant = await users.create()
    response = await client.post(
        APPLICATIONS,
        headers={**applicant.headers, "Content-Type": "application/json"},
        content=raw,
    )
    assert_problem(response, 422, "validation_error")
    await assert_no_applications(client, applicant)


@pytest.mark.parametrize(
    "resume_url",
    ["https://example.com/cv.pdf", "http://example.com/cv", "HTTPS://EXAMPLE.COM/a", None],
)
async def test_longest_letter_and_http_urls_are_accepted(
    client: AsyncClient, users: AccountFactory, resume_url: str | None
) -> None:
    owner, applicant = await users.create(), await users.create()
    job = await open_job(client, owner)
    body = {"job_id": job["id"], "cover_letter": LONG_LETTER}
    if resume_url is not None:
        body["resume_url"] = resume_url

    application = json_body(await post_application(client, applicant, body), 201)

    assert application["cover_letter"] == LONG_LETTER
    assert application["resume_url"] == resume_url
