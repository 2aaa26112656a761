"""`cursor=<next_cursor>` continues a list: the same rows, in the same order, as page numbers.

A cursor says where the next page starts, never which rows the caller may see; one the server
did not write is a 422."""

import base64
import uuid
from datetime import datetime
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import update

from database import pagination
from database.models import Job
from tests.helpers import jobs
from tests.helpers.accounts import AccountFactory
from tests.helpers.jobs import APPLICATIONS, JOBS, RECEIVED, apply, item_ids, list_jobs
from tests.helpers.pages import (
    assert_cursor_refused,
    assert_walk_matches_numbers,
    forge,
    get,
    ids_of,
    walk,
)
from tests.helpers.profiles import EXPERIENCE, create_entry, put_profile

TITLES = ["alpha", "Alpha", "BETA", "beta", "Gamma", "delta", "Delta", "echo", "alpha"]
SALARIES = [None, 50_000, 70_000, 50_000, None, 90_000, 70_000]
SORTS = ["-created_at", "created_at", "salary_max", "-salary_max", "title", "-title"]
HEX = uuid.UUID(int=1).hex
MOMENT = "2024-01-01T00:00:00+00:00"


def expected_order(rows: list[dict[str, Any]], sort: str) -> list[str]:
    """The documented order: by the field (titles ignoring case), then id; NULLs last."""
    field, descending = sort.removeprefix("-"), sort.startswith("-")

    def key(job: dict[str, Any]) -> tuple[Any, uuid.UUID]:
        value: Any = datetime.fromisoformat(job[field]) if field == "created_at" else job[field]
        return (value.lower() if field == "title" else value), uuid.UUID(job["id"])

    valued = sorted((j for j in rows if j[field] is not None), key=key, reverse=descending)
    rest = sorted((j for j in rows if j[field] is None), key=key, reverse=descending)
    return [job["id"] for job in [*valued, *rest]]


@pytest.mark.parametrize("sort", SORTS)
async def test_cursor_walk_matches_page_numbers(
    client: AsyncClient, users: AccountFactory, sort: str
) -> None:
    owner, reader = await users.create(), await users.create()
    for n in range(25):
        salary = SALARIES[n % len(SALARIES)]
        money = {} if salary is None else {"salary_max": salary, "currency": "EUR"}
        await jobs.open_job(client, owner, title=TITLES[n % len(TITLES)], **money)
    await jobs.create_job(client, owner, title="Draft")
    # Ten jobs created "at once" (set in the database), across a page boundary either way.
    rows = (await list_jobs(client, owner, sort="created_at", page_size=25))["items"][8:18]
    tied = Job.id.in_([uuid.UUID(row["id"]) for row in rows])
    async with users.database.session() as session:
        moment = datetime.fromisoformat(rows[0]["created_at"])
        await session.execute(update(Job).where(tied).values(created_at=moment))
        await session.commit()

    ids = await assert_walk_matches_numbers(client, reader, JOBS, 7, sort=sort)
    everything = (await list_jobs(client, reader, page_size=100))["items"]
    assert ids == expected_order(everything, sort)
    cursor = (await list_jobs(client, reader, sort=sort, page_size=7))["next_cursor"]
    flipped = sort[1:] if sort.startswith("-") else f"-{sort}"
    field = "salary_max" if "title" in sort else "title"
    for params in ({"page": 2}, {"page": 1}, {"sort": flipped}, {"sort": field}):
        query = {"sort": sort, "cursor": cursor, **params}
        assert_cursor_refused(await client.get(JOBS, headers=reader.headers, params=query))


async def test_cursors_continue_every_list(client: AsyncClient, users: AccountFactory) -> None:
    owner, talent = await users.create(), await users.create()
    for n in range(11):
        job = await (jobs.open_job if n < 8 else jobs.create_job)(client, owner, title=f"Job {n}")
        if n < 8:
            await apply(client, talent, job["id"])
    await put_profile(client, talent)
    for start in ["2020-01-01", "2019-05-01", "2020-01-01", "2018-01-01"] * 2:
        await create_entry(client, talent, EXPERIENCE, **EXPERIENCE.body(start=start))

    assert len(await assert_walk_matches_numbers(client, owner, JOBS, 3, mine="true")) == 11
    for sort in ("-created_at", "updated_at"):
        sent = await assert_walk_matches_numbers(client, talent, APPLICATIONS, 3, sort=sort)
        assert await assert_walk_matches_numbers(client, owner, RECEIVED, 3, sort=sort) == sent
        assert len(sent) == 8
    for sort in ("-start_date", "start_date", "created_at"):
        entries = await assert_walk_matches_numbers(client, talent, EXPERIENCE.path, 3, sort=sort)
        assert len(entries) == 8


BAD_CURSORS: list[tuple[str, Any]] = [
    ("-created_at", "not a cursor"),
    ("-created_at", base64.urlsafe_b64encode(b"\xff\xfe\x00").decode()),
    ("-created_at", [{"sort": "-created_at"}]),
    ("-created_at", ["-created_at", ["t", MOMENT], HEX]),
    ("-created_at", ["-created_at", ["i", 5], HEX, 2]),
    ("-created_at", ["-created_at", ["d", "2024-01-01"], HEX, 2]),
    ("-created_at", ["-created_at", ["n"], HEX, 2]),
    ("-created_at", ["-created_at", ["t", "2024-01-01T00:00:00"], HEX, 2]),
    ("-created_at", ["-created_at", ["t", MOMENT], HEX, True]),
    ("-created_at", ["-created_at", ["t", MOMENT], HEX, 0]),
    ("-created_at", ["-created_at", ["t", MOMENT], HEX, "2"]),
    ("-created_at", ["-created_at", ["t", MOMENT], "not-an-id", 2]),
    ("-created_at", ["-created_at", ["x", MOMENT], HEX, 2]),
    ("-created_at", ["created_at", ["t", MOMENT], HEX, 2]),
    # Valid timestamps that leave the range of a datetime once converted to UTC.
    ("-created_at", ["-created_at", ["t", "0001-01-01T00:00:00+05:00"], HEX, 2]),
    ("created_at", ["created_at", ["t", "9999-12-31T23:59:59-05:00"], HEX, 2]),
    ("salary_max", ["salary_max", ["s", "50000"], HEX, 2]),
    ("salary_max", ["salary_max", ["i", True], HEX, 2]),
    ("salary_max", ["salary_max", ["i", 1.5], HEX, 2]),
    ("salary_max", ["salary_max", ["i", 2**63], HEX, 2]),
    ("-salary_max", ["-salary_max", ["i", -(2**70)], HEX, 2]),
    ("title", ["title", ["i", 3], HEX, 2]),
    ("title", ["title", ["s", "a\x00b"], HEX, 2]),
    ("-title", ["-title", ["s", "\ud800"], HEX, 2]),
    ("-created_at", "x" * 4097),
]


@pytest.mark.parametrize(("sort", "payload"), BAD_CURSORS, ids=lambda value: ascii(value)[:60])
async def test_cursors_the_server_never_wrote_are_422(
    client: AsyncClient, users: AccountFactory, sort: str, payload: Any
) -> None:
    owner = await users.create()
    await jobs.open_job(client, owner, salary_max=100, currency="EUR")
    cursor = forge(*payload) if isinstance(payload, list) else payload
    params = {"sort": sort, "cursor": cursor}
    assert_cursor_refused(await client.get(JOBS, headers=owner.headers, params=params))


async def test_a_cursor_never_widens_what_the_caller_sees(
    client: AsyncClient, users: AccountFactory
) -> None:
    alice, bob = await users.create(), await users.create()
    opened = [await jobs.open_job(client, user) for user in (alice, bob, alice, bob, alice)]
    drafts = [await jobs.create_job(client, user) for user in (alice, bob, alice)]
    bobs = {job["id"] for job in [*opened, *drafts] if job["owner_id"] == str(bob.id)}
    alices = (await list_jobs(client, alice, mine="true", page_size=1))["next_cursor"]
    start = forge("-created_at", ["t", "2999-01-01T00:00:00+00:00"], HEX, 2)

    for cursor in (alices, start):  # Alice's own cursor, and one from before everything
        mine = ids_of(await walk(client, bob, JOBS, mine="true", cursor=cursor))
        assert sorted(mine) == sorted(bobs)
        public = await walk(client, bob, JOBS, cursor=cursor, page_size=2)
        assert sorted(ids_of(public)) == sorted(job["id"] for job in opened)
        assert public[0]["page"] == 2

    carol = await users.create()
    carols = [await apply(client, carol, job["id"]) for job in opened]
    bobs_own = await apply(client, bob, opened[0]["id"])
    first = await get(client, carol, APPLICATIONS, page_size=1)
    allowed = [
        (bob, APPLICATIONS, {bobs_own["id"]}),
        (bob, RECEIVED, {a["id"] for a in carols if a["job_id"] in bobs}),
        (alice, RECEIVED, {a["id"] for a in [*carols, bobs_own] if a["job_id"] not in bobs}),
    ]
    for cursor in (first["next_cursor"], start):
        for user, path, visible in allowed:
            found = set(ids_of(await walk(client, user, path, cursor=cursor)))
            assert found == visible if cursor == start else found <= visible


async def test_soft_deleted_rows_vanish_from_a_cursor_walk(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, reader = await users.create(), await users.create()
    for n in range(9):
        await jobs.open_job(client, owner, title=f"Job {n}")
    before = item_ids(await list_jobs(client, reader, page_size=100))
    first = await list_jobs(client, reader, page_size=3)
    # The row the cursor points after, and one on the page it leads to.
    for gone in (before[2], before[4]):
        assert (await client.delete(jobs.job_path(gone), headers=owner.headers)).status_code == 204

    rest = await walk(client, reader, JOBS, page_size=3, cursor=first["next_cursor"])
    assert ids_of(rest) == [before[3], *before[5:]]
    assert [(page["page"], page["total"]) for page in rest] == [(2, 7), (3, 7)]


async def test_total_is_capped_and_flagged_beyond_the_cap(
    client: AsyncClient, users: AccountFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination, "TOTAL_CAP", 5)
    owner = await users.create()
    ids = [(await jobs.open_job(client, owner))["id"] for _ in range(8)]

    pages = await walk(client, owner, JOBS, page_size=3)
    assert [(page["total"], page["total_is_estimate"]) for page in pages] == [(5, True)] * 3
    assert sorted(ids_of(pages)) == sorted(ids)
    beyond = await list_jobs(client, owner, page=10, page_size=3)
    assert (beyond["items"], beyond["total"], beyond["total_is_estimate"]) == ([], 5, True)

    for gone, estimate in ((ids[0], True), (ids[1], True), (ids[2], False)):
        assert (await client.delete(jobs.job_path(gone), headers=owner.headers)).status_code == 204
        page = await list_jobs(client, owner, page_size=5)
        assert (page["total"], page["total_is_estimate"]) == (5, estimate)
    assert (page["next_cursor"], len(page["items"])) == (None, 5)
