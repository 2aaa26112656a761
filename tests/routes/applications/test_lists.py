"""GET /applications (the caller's own) and GET /applications/received (to the caller's jobs):
who sees what, filters, sorting, paging and totals."""

import uuid
from datetime import datetime
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import (
    APPLICATIONS,
    RECEIVED,
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
from tests.helpers.problems import BAD_PAGING_PARAMS, assert_not_found, assert_validation_error

LISTS = [APPLICATIONS, RECEIVED]
LIST_IDS = ["mine", "received"]
STATUSES = ["submitted", "reviewing", "accepted", "rejected", "withdrawn"]


def in_order(items: list[dict[str, Any]], sort: str) -> list[str]:
    """Ids of `items` ordered by `sort`, ties broken by id in the same direction."""
    field = sort.lstrip("-")
    ordered = sorted(items, key=lambda item: (datetime.fromisoformat(item[field]), item["id"]))
    ids = [item["id"] for item in ordered]
    return ids[::-1] if sort.startswith("-") else ids


async def one_of_each_status(
    client: AsyncClient, owner: Account, applicant: Account
) -> dict[str, str]:
    """`applicant` applies to five jobs of `owner`, one application ending in each status."""
    ids = {}
    for status in STATUSES:
        application = await apply(client, applicant, (await open_job(client, owner))["id"])
        if status != "submitted":
            party = applicant if status == "withdrawn" else owner
            await move_application(client, party, application["id"], status)
        ids[status] = application["id"]
    return ids


async def test_my_list_holds_only_my_applications_with_job_summaries(
    client: AsyncClient, users: AccountFactory
) -> None:
    alice, bob, acme, globex = [await users.create() for _ in range(4)]
    acme_job = await open_job(client, acme, title="Welder", company_name="Acme")
    globex_job = await open_job(client, globex, title="Chemist", company_name="Globex")
    mine = [await apply(client, alice, job["id"]) for job in (acme_job, globex_job)]
    await apply(client, bob, acme_job["id"])
    await apply(client, bob, (await open_job(client, alice))["id"])

    page = await list_applications(client, alice)

    assert (page["total"], page["page"], page["page_size"]) == (2, 1, 20)
    assert page["items"] == sorted(mine, key=lambda item: item["created_at"], reverse=True)
    summaries = {item["job"]["title"]: item["job"] for item in page["items"]}
    assert summaries == {
        "Welder": {
            "id": acme_job["id"],
            "title": "Welder",
            "company_name": "Acme",
            "status": "open",
        },
        "Chemist": {
            "id": globex_job["id"],
            "title": "Chemist",
            "company_name": "Globex",
            "status": "open",
        },
    }
    assert all(item["applicant_id"] == str(alice.id) for item in page["items"])


@pytest.mark.parametrize("path", LISTS, ids=LIST_IDS)
async def test_status_filter(client: AsyncClient, users: AccountFactory, path: str) -> None:
    owner, applicant = await users.create(), await users.create()
    ids = await one_of_each_status(client, owner, applicant)
    reader = applicant if path == APPLICATIONS else owner

    assert (await list_applications(client, reader, path))["total"] == len(STATUSES)
    for status, application_id in ids.items():
        page = await list_applications(client, reader, path, status=status)
        assert (item_ids(page), page["total"]) == ([application_id], 1)
        assert page["items"][0]["status"] == status
    for bad in ("approved", "SUBMITTED", "expired"):
        response = await client.get(path, headers=reader.headers, params={"status": bad})
        assert_validation_error(response, field="status")


async def test_received_holds_applications_to_my_jobs_only(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, rival, alice, bob = [await users.create() for _ in range(4)]
    first, second = await open_job(client, owner), await open_job(client, owner)
    rivals_job = await open_job(client, rival)
    sent: dict[str, list[dict[str, Any]]] = {}
    for job in (first, second, rivals_job):
        sent[job["id"]] = [await apply(client, talent, job["id"]) for talent in (alice, bob)]
    await apply(client, owner, rivals_job["id"])
    await move_application(client, owner, sent[first["id"]][1]["id"], "rejected")

    everything = await list_applications(client, owner, RECEIVED)
    mine = {item["id"] for job in (first, second) for item in sent[job["id"]]}
    assert (set(item_ids(everything)), everything["total"]) == (mine, 4)
    for job in (first, second):
        page = await list_applications(client, owner, RECEIVED, job_id=job["id"])
        assert set(item_ids(page)) == {item["id"] for item in sent[job["id"]]}
        assert page["total"] == 2
        assert all(item["job"]["id"] == job["id"] for item in page["items"])
    rejected = await list_applications(
        client, owner, RECEIVED, job_id=first["id"], status="rejected"
    )
    assert item_ids(rejected) == [sent[first["id"]][1]["id"]]
    none = await list_applications(client, owner, RECEIVED, job_id=second["id"], status="rejected")
    assert (none["items"], none["total"]) == ([], 0)
    assert (await list_applications(client, owner))["total"] == 1


@pytest.mark.parametrize("case", ["others-open", "others-closed", "others-draft", "unknown"])
async def test_received_for_a_job_not_mine_is_404(
    client: AsyncClient, users: AccountFactory, case: str
) -> None:
    owner, rival, applicant = [await users.create() for _ in range(3)]
    await apply(client, applicant, (await open_job(client, owner))["id"])
    job_id = str(uuid.uuid4())
    if case == "others-draft":
        job_id = (await create_job(client, rival))["id"]
    elif case != "unknown":
        job_id = (await open_job(client, rival))["id"]
        await apply(client, applicant, job_id)
        if case == "others-closed":
            await patch_job(client, rival, job_id, status="closed")

    response = await client.get(RECEIVED, headers=owner.headers, params={"job_id": job_id})

    assert_not_found(response)


async def test_received_for_my_deleted_draft_and_closed_jobs(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, applicant = await users.create(), await users.create()
    closed, deleted = await open_job(client, owner), await open_job(client, owner)
    kept = await apply(client, applicant, closed["id"])
    await apply(client, applicant, deleted["id"])
    await patch_job(client, owner, closed["id"], status="closed")
    assert (await client.delete(job_path(deleted["id"]), headers=owner.headers)).status_code == 204
    draft = await create_job(client, owner)

    page = await list_applications(client, owner, RECEIVED, job_id=closed["id"])
    assert item_ids(page) == [kept["id"]]
    empty = await list_applications(client, owner, RECEIVED, job_id=draft["id"])
    assert (empty["items"], empty["total"]) == ([], 0)
    gone = await client.get(RECEIVED, headers=owner.headers, params={"job_id": deleted["id"]})
    assert_not_found(gone)
    malformed = await client.get(RECEIVED, headers=owner.headers, params={"job_id": "nope"})
    assert_validation_error(malformed, field="job_id")


async def four_applications_one_edited(
    client: AsyncClient, users: AccountFactory
) -> tuple[Account, Account, list[dict[str, Any]]]:
    """One applicant applies to four jobs of one owner, so both lists hold the same four;
    the oldest is then edited, so updated_at and created_at order them differently."""
    owner, applicant = await users.create(), await users.create()
    jobs = [await open_job(client, owner) for _ in range(4)]
    ids = [(await apply(client, applicant, job["id"]))["id"] for job in jobs]
    await move_application(client, owner, ids[0], "reviewing")
    return owner, applicant, [await get_application(client, applicant, i) for i in ids]


@pytest.mark.parametrize("path", LISTS, ids=LIST_IDS)
@pytest.mark.parametrize("sort", [None, "created_at", "-created_at", "updated_at", "-updated_at"])
async def test_sorting(
    client: AsyncClient, users: AccountFactory, path: str, sort: str | None
) -> None:
    owner, applicant, items = await four_applications_one_edited(client, users)
    reader = applicant if path == APPLICATIONS else owner
    params = {"sort": sort} if sort else {}

    page = await list_applications(client, reader, path, **params)

    assert item_ids(page) == in_order(items, sort or "-created_at")
    assert page["total"] == 4


@pytest.mark.parametrize("path", LISTS, ids=LIST_IDS)
@pytest.mark.parametrize("sort", ["status", "-job_id", "cover_letter", "created_at,id", "--id"])
async def test_unknown_sort_is_422(
    client: AsyncClient, users: AccountFactory, path: str, sort: str
) -> None:
    user = await users.create()
    response = await client.get(path, headers=user.headers, params={"sort": sort})
    assert_validation_error(response, field="sort")


@pytest.mark.parametrize("path", LISTS, ids=LIST_IDS)
@pytest.mark.parametrize("params", BAD_PAGING_PARAMS)
async def test_bad_paging_is_422(
    client: AsyncClient, users: AccountFactory, path: str, params: dict[str, Any]
) -> None:
    user = await users.create()
    assert_validation_error(await client.get(path, headers=user.headers, params=params))


@pytest.mark.parametrize("path", LISTS, ids=LIST_IDS)
async def test_paging_walks_every_item_once(
    client: AsyncClient, users: AccountFactory, path: str
) -> None:
    owner, applicant, items = await four_applications_one_edited(client, users)
    reader = applicant if path == APPLICATIONS else owner
    await apply(client, applicant, (await open_job(client, owner))["id"])
    everything = item_ids(await list_applications(client, reader, path, page_size=100))
    assert len(everything) == 5

    walked: list[str] = []
    for number, size in ((1, 2), (2, 2), (3, 1)):
        page = await list_applications(client, reader, path, page=number, page_size=2)
        assert (page["page"], page["page_size"], page["total"]) == (number, 2, 5)
        assert len(page["items"]) == size
        walked += item_ids(page)
    assert walked == everything
    beyond = await list_applications(client, reader, path, page=4, page_size=2)
    assert (beyond["items"], beyond["total"]) == ([], 5)
    filtered = await list_applications(client, reader, path, status="reviewing", page_size=1)
    assert (item_ids(filtered), filtered["total"]) == ([items[0]["id"]], 1)
