"""No N+1 on any list: a page costs the same statements at any size.

Statements are counted with a `before_cursor_execute` listener on every engine of the app's
database (the writer and the reader on SQLite, the one engine on PostgreSQL). SQLite's
`BEGIN ...` is left out of the count: PostgreSQL's driver opens transactions outside the cursor,
and the point here is the queries a request runs, the same on both databases.
"""

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import Engine, event

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.courses import COURSES, enroll, enrollments_path, published_course
from tests.helpers.jobs import (
    APPLICATIONS,
    JOBS,
    RECEIVED,
    apply,
    create_job,
    job_path,
    open_job,
    patch_job,
)
from tests.helpers.news import NEWS, create_news
from tests.helpers.problems import json_body
from tests.helpers.profiles import EDUCATION, EXPERIENCE, create_entry
from tests.helpers.proposals import PROPOSALS, send
from tests.helpers.talents import TALENTS, publish, talent_path

ROWS = 20
# Authentication (the caller's user row), then the page with everything its items carry: an
# application's job summary is joined in, and the (capped) total is a scalar subquery of it.
LIST_STATEMENTS = 2


def engines_of(app: FastAPI) -> list[Engine]:
    database = app.state.database
    engines: list[Engine] = [database.engine.sync_engine]
    if database.read_engine is not database.engine:
        engines.append(database.read_engine.sync_engine)
    return engines


@contextmanager
def recorded_statements(app: FastAPI) -> Iterator[list[str]]:
    """Collect the SQL every engine of `app` sends while the block runs, BEGIN left out."""
    statements: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith("BEGIN"):
            statements.append(statement)

    engines = engines_of(app)
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


async def count_statements(app: FastAPI, action: Callable[[], Awaitable[object]]) -> int:
    with recorded_statements(app) as statements:
        await action()
    return len(statements)


@pytest.fixture
async def world(client: AsyncClient, users: AccountFactory) -> dict[str, Any]:
    """An owner with ROWS open jobs (plus a draft and a closed one) and ROWS published
    courses; one talent applied to every open job and enrolled in every course, ROWS - 1
    other talents applied to the first job and enrolled in the first course, so each list
    has ≥ ROWS rows."""
    owner, talent = await users.create(), await users.create()
    jobs = [await open_job(client, owner, title=f"Job {number}") for number in range(ROWS)]
    await create_job(client, owner, title="Draft")
    closed = await open_job(client, owner, title="Closed")
    await patch_job(client, owner, closed["id"], status="closed")
    for job in jobs:
        await apply(client, talent, job["id"])
    for _ in range(ROWS - 1):
        applicant = await users.create()
        await apply(client, applicant, jobs[0]["id"])
        await publish(client, applicant)
    await publish(client, talent)
    for job in jobs:
        await send(client, owner, talent, job_id=job["id"])
    courses = [await published_course(client, owner) for _ in range(ROWS)]
    for course in courses:
        await enroll(client, talent, course["id"])
    for _ in range(ROWS - 1):
        await enroll(client, await users.create(), courses[0]["id"])
    admin = await users.admin()
    for number in range(ROWS):
        await create_news(client, admin, title=f"News {number}")
    await create_news(client, admin, title="Draft news", published_at=None)
    return {
        "owner": owner,
        "talent": talent,
        "first_job": jobs[0]["id"],
        "first_course_enrollments": enrollments_path(courses[0]["id"]),
        "admin": admin,
        "anonymous": None,
    }


# (caller in `world`, path, query (a value naming a `world` key stands for that id), statements
# per page: LIST_STATEMENTS, plus one where `job_id` must first be found among the caller's jobs
# or the course in the path loaded)
LISTS = [
    ("talent", JOBS, {}, LIST_STATEMENTS),
    ("owner", JOBS, {"mine": "true"}, LIST_STATEMENTS),
    ("talent", APPLICATIONS, {}, LIST_STATEMENTS),
    ("owner", RECEIVED, {}, LIST_STATEMENTS),
    ("owner", RECEIVED, {"job_id": "first_job"}, LIST_STATEMENTS + 1),
    ("talent", PROPOSALS, {}, LIST_STATEMENTS),
    ("owner", PROPOSALS, {"box": "sent", "status": "pending"}, LIST_STATEMENTS),
    ("owner", TALENTS, {}, LIST_STATEMENTS),
    ("talent", COURSES, {}, LIST_STATEMENTS),
    ("owner", COURSES, {"mine": "true"}, LIST_STATEMENTS),
    ("talent", COURSES, {"enrolled": "true"}, LIST_STATEMENTS),
    ("owner", "first_course_enrollments", {}, LIST_STATEMENTS + 1),
    # A public read asks nobody who they are: the page alone.
    ("anonymous", NEWS, {}, LIST_STATEMENTS - 1),
    ("admin", NEWS, {"include_drafts": "true"}, LIST_STATEMENTS),
]
LIST_IDS = [
    "jobs",
    "jobs-mine",
    "applications",
    "received",
    "received-of-one-job",
    "proposals-received",
    "proposals-sent-pending",
    "talents",
    "courses",
    "courses-mine",
    "courses-enrolled",
    "enrollments-of-one-course",
    "news",
    "news-with-drafts",
]


@pytest.mark.parametrize(("caller", "path", "query", "expected"), LISTS, ids=LIST_IDS)
async def test_list_statements_do_not_grow_with_page_size(
    client: AsyncClient,
    app: FastAPI,
    world: dict[str, Any],
    caller: str,
    path: str,
    query: dict[str, str],
    expected: int,
) -> None:
    path = world.get(path, path)
    user: Account | None = world[caller]
    headers = user.headers if user else {}
    params = {name: world.get(value, value) for name, value in query.items()}
    pages: dict[int, dict[str, Any]] = {}

    async def fetch(size: int) -> None:
        response = await client.get(path, headers=headers, params={**params, "page_size": size})
        pages[size] = json_body(response)

    one = await count_statements(app, lambda: fetch(1))
    fifty = await count_statements(app, lambda: fetch(50))

    assert pages[50]["total"] >= ROWS
    assert len(pages[1]["items"]) == 1
    assert len(pages[50]["items"]) == min(pages[50]["total"], 50) >= ROWS
    assert one == fifty == expected


async def test_talent_detail_statements_do_not_grow_with_entries(
    client: AsyncClient, app: FastAPI, world: dict[str, Any]
) -> None:
    """Authentication, the profile with its owner, then one query per kind of entry."""
    talent: Account = world["talent"]
    path = talent_path(talent.id)

    async def read() -> None:
        json_body(await client.get(path, headers=talent.headers))

    without_entries = await count_statements(app, read)
    for year in range(2000, 2000 + ROWS):
        for kind in (EXPERIENCE, EDUCATION):
            await create_entry(client, talent, kind, **kind.body(start=f"{year}-01-01"))
    with_entries = await count_statements(app, read)
    detail = json_body(await client.get(path, headers=talent.headers))

    assert len(detail["experiences"]) == len(detail["educations"]) == ROWS
    assert without_entries == with_entries == LIST_STATEMENTS + 2


async def test_counter_catches_a_query_per_item(
    client: AsyncClient, app: FastAPI, world: dict[str, Any]
) -> None:
    """The check above can fail: reading each listed job again costs statements per item."""
    talent: Account = world["talent"]

    async def list_then_read_each(size: int) -> None:
        response = await client.get(JOBS, headers=talent.headers, params={"page_size": size})
        for job in json_body(response)["items"]:
            json_body(await client.get(job_path(job["id"]), headers=talent.headers))

    one = await count_statements(app, lambda: list_then_read_each(1))
    twenty = await count_statements(app, lambda: list_then_read_each(ROWS))

    # Each extra item costs its own authentication and lookup: two statements.
    assert one == LIST_STATEMENTS + 2
    assert twenty == LIST_STATEMENTS + 2 * ROWS
    assert one != twenty


async def test_counter_sees_writes_and_reads_and_stops_afterwards(
    client: AsyncClient, app: FastAPI, users: AccountFactory
) -> None:
    """Writes and reads go through different engines on SQLite; both are counted, and
    nothing is counted once the block has ended."""
    owner = await users.create()
    with recorded_statements(app) as statements:
        job = await open_job(client, owner)
        json_body(await client.get(job_path(job["id"]), headers=owner.headers))
    after = len(statements)
    json_body(await client.get(JOBS, headers=owner.headers))

    assert any(
        statement.lstrip().upper().startswith("INSERT INTO JOBS") for statement in statements
    )
    assert sum(statement.lstrip().upper().startswith("SELECT") for statement in statements) >= 3
    assert len(statements) == after
