"""Every list reads its page from an index, in order: no full scan, no sort of all matches.

The statements a list request sends are recorded on the way to SQLite and run again under
`EXPLAIN QUERY PLAN`. A plan that reads a table with `SCAN <table>` (every row) or sorts
with `USE TEMP B-TREE` (all matching rows, before the first page can be returned) fails:
at a million rows either costs hundreds of milliseconds. SQLite only: its planner follows the
schema alone (no statistics are gathered), so the plan is the same on any machine; on
PostgreSQL the planner rightly prefers a sequential scan of a small test table.

Known exceptions, named here so they stay deliberate: the title sort (`lower(title)` is
not indexed, see the README) and the received list across all of an owner's jobs (rows of
several jobs are merged by a sort; one job's received list is indexed). Lists of every
live row (`WHOLE_LISTS`) may walk their own live index from the start, and nothing else.
"""

import re
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import event

from config import Settings
from tests.helpers.accounts import AccountFactory
from tests.helpers.courses import (
    COURSES,
    create_course,
    enroll,
    enrollments_path,
    published_course,
)
from tests.helpers.jobs import APPLICATIONS, JOBS, RECEIVED, apply, open_job
from tests.helpers.news import NEWS, create_news
from tests.helpers.problems import json_body
from tests.helpers.proposals import PROPOSALS, in_days, send
from tests.helpers.talents import TALENTS, publish

LISTS = [
    ("talent", JOBS, {}),
    ("talent", JOBS, {"sort": "created_at"}),
    ("talent", JOBS, {"sort": "-salary_max"}),
    ("talent", JOBS, {"sort": "salary_max"}),
    ("talent", JOBS, {"remote": "true", "employment_type": "contract"}),
    ("talent", JOBS, {"q": "engineer"}),
    ("owner", JOBS, {"mine": "true"}),
    ("owner", JOBS, {"mine": "true", "status": "open"}),
    ("owner", JOBS, {"mine": "true", "sort": "-salary_max"}),
    ("talent", APPLICATIONS, {}),
    ("talent", APPLICATIONS, {"sort": "-updated_at"}),
    ("talent", APPLICATIONS, {"status": "submitted"}),
    ("owner", RECEIVED, {"job_id": "job"}),
    ("owner", RECEIVED, {"job_id": "job", "sort": "-updated_at"}),
    ("talent", "/api/v1/profile/experiences", {}),
    ("talent", "/api/v1/profile/experiences", {"sort": "-created_at"}),
    ("talent", "/api/v1/profile/educations", {}),
    ("talent", PROPOSALS, {}),
    ("talent", PROPOSALS, {"status": "pending"}),
    ("owner", PROPOSALS, {"box": "sent"}),
    ("owner", PROPOSALS, {"box": "sent", "sort": "-updated_at"}),
    ("talent", TALENTS, {}),
    ("talent", TALENTS, {"sort": "updated_at"}),
    ("talent", TALENTS, {"open_to_work": "true"}),
    ("talent", TALENTS, {"open_to_work": "false", "sort": "updated_at"}),
    ("talent", COURSES, {}),
    ("talent", COURSES, {"sort": "price"}),
    ("talent", COURSES, {"sort": "-price", "max_price": "60"}),
    ("talent", COURSES, {"level": "beginner", "tag": "python"}),
    ("talent", COURSES, {"q": "python"}),
    ("talent", COURSES, {"enrolled": "true"}),
    ("talent", COURSES, {"enrolled": "true", "sort": "price"}),
    ("owner", COURSES, {"mine": "true"}),
    ("owner", COURSES, {"mine": "true", "status": "published", "sort": "-price"}),
    ("owner", enrollments_path("{course}"), {}),
    ("anonymous", NEWS, {}),
    ("anonymous", NEWS, {"sort": "published_at"}),
    ("anonymous", NEWS, {"q": "launch"}),
    ("anonymous", NEWS, {"tag": "hiring"}),
    ("anonymous", NEWS, {"tag": "hiring", "q": "launch"}),
]
# Lists of every live row (an admin's news, drafts included) have nothing to search their
# index by: they walk it in order from the start and stop at the page's end and at the
# count's cap. Such a walk of the list's own live index is all they may do.
WHOLE_LISTS = [
    ("admin", NEWS, {"include_drafts": "true"}),
    ("admin", NEWS, {"include_drafts": "true", "sort": "published_at"}),
]
_LIVE_INDEX_WALK = re.compile(r"SCAN (\w+) USING (?:COVERING )?INDEX ix_\1_live_\w+")

ENTRIES = {
    "/api/v1/profile/experiences": {"title": "Engineer", "company": "Acme"},
    "/api/v1/profile/educations": {"school": "Uni"},
}


@pytest.fixture
def sqlite_only(settings: Settings) -> None:
    if not settings.is_sqlite:
        pytest.skip("query plans are checked on SQLite")


@pytest.fixture
async def world(client: AsyncClient, users: AccountFactory) -> dict[str, Any]:
    owner, talent = await users.create(), await users.create()
    jobs = [await open_job(client, owner, title=f"Engineer {number}") for number in range(3)]
    for job in jobs:
        await apply(client, talent, job["id"])
    await apply(client, await users.create(), jobs[0]["id"])
    await publish(client, talent, open_to_work=True)
    await publish(client, owner, open_to_work=True)
    for year in (2020, 2021):  # two of each, so every list has a second page
        for path, body in ENTRIES.items():
            json_body(
                await client.post(
                    path, json={**body, "start_date": f"{year}-01-01"}, headers=talent.headers
                ),
                201,
            )
    for _ in range(2):
        await send(client, owner, talent)
    courses = [await published_course(client, owner, price=price) for price in (10, 50)]
    await create_course(client, owner, title="Draft")
    for course in courses:
        await enroll(client, talent, course["id"])
    await enroll(client, await users.create(), courses[0]["id"])
    admin = await users.admin()
    for number, published_at in enumerate([in_days(-2), in_days(-1), in_days(1), None, None]):
        await create_news(
            client, admin, title=f"Launch {number}", tags=["hiring"], published_at=published_at
        )
    return {
        "owner": owner,
        "talent": talent,
        "job": jobs[0]["id"],
        "course": courses[0]["id"],
        "admin": admin,
        "anonymous": None,
    }


async def plans_of(app: FastAPI, client: AsyncClient, path: str, **request: Any) -> list[str]:
    """The query plan lines of every SELECT the request sends to the read engine."""
    engine = app.state.database.read_engine
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        json_body(await client.get(path, **request))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    lines = []
    async with engine.connect() as connection:
        for statement, parameters in sent:
            plan = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            lines += [row[3] for row in plan]
    return lines


def full_reads(plan: list[str]) -> list[str]:
    """Plan lines that read every row of a table or sort all matches.

    A scan of a co-routine (the capped count's subquery) walks rows already found through an
    index; a virtual table (FTS5, json_each) is searched through its own index.
    """
    coroutines = {line.split()[1] for line in plan if line.startswith("CO-ROUTINE ")}
    return [
        line
        for line in plan
        if "USE TEMP B-TREE" in line
        or (
            line.startswith("SCAN ")
            and line.split()[1] not in coroutines
            and "VIRTUAL TABLE" not in line
        )
    ]


def unexpected_reads(plan: list[str], *, whole_list: bool) -> list[str]:
    return [
        line for line in full_reads(plan) if not (whole_list and _LIVE_INDEX_WALK.fullmatch(line))
    ]


@pytest.mark.usefixtures("sqlite_only")
@pytest.mark.parametrize(("caller", "path", "query"), LISTS + WHOLE_LISTS)
async def test_list_reads_an_index_in_order(
    app: FastAPI,
    client: AsyncClient,
    world: dict[str, Any],
    caller: str,
    path: str,
    query: dict[str, str],
) -> None:
    params = {name: world.get(value, value) for name, value in query.items()}
    path = path.format(**world)
    headers = world[caller].headers if world[caller] else {}
    for cursor_page in (False, True):
        if cursor_page:  # the second page, by cursor: keyset, still in index order
            first = json_body(
                await client.get(path, headers=headers, params={**params, "page_size": 1})
            )
            if first["next_cursor"] is None:  # a one-row list has no second page
                continue
            params = {**params, "page_size": "1", "cursor": first["next_cursor"]}
        plan = await plans_of(app, client, path, headers=headers, params=params)
        assert plan, "no statement was recorded"
        whole_list = (caller, path, query) in WHOLE_LISTS
        assert unexpected_reads(plan, whole_list=whole_list) == [], plan


@pytest.mark.usefixtures("sqlite_only")
async def test_the_check_catches_a_sort_without_an_index(
    app: FastAPI, client: AsyncClient, world: dict[str, Any]
) -> None:
    """The title sort is not indexed: the check above would see its temporary sort."""
    plan = await plans_of(
        app, client, JOBS, headers=world["talent"].headers, params={"sort": "title"}
    )
    assert any("USE TEMP B-TREE" in line for line in full_reads(plan))


def test_a_whole_list_may_walk_its_index_but_not_its_table() -> None:
    walk = "SCAN news USING INDEX ix_news_live_published_at"
    scan, other = "SCAN news", "SCAN news USING INDEX ix_news_author_id"
    sort = "USE TEMP B-TREE FOR ORDER BY"
    plan = [walk, scan, other, sort]
    assert unexpected_reads(plan, whole_list=True) == [scan, other, sort]
    assert unexpected_reads(plan, whole_list=False) == plan
