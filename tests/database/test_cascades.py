"""Every reference is covered by a declared cascade or declared as kept (`database.cascades`).

Two checks: statically, each foreign key of the schema must appear in `every_cascade()` or in
`KEPT` (a new model that references a user or a parent row fails here until it is declared);
and through the API, after deleting accounts, a job and a profile in a world holding a row of
every kind, no live row still points through a cascade at a deleted one.
"""

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from database.base import Base
from database.cascades import KEPT, Cascade, cascades_from, every_cascade
from database.engine import Database
from database.models import Course, Job, User
from tests.helpers.accounts import AccountFactory
from tests.helpers.auth import ME
from tests.helpers.courses import course_path, enroll, published_course
from tests.helpers.jobs import apply, create_job, job_path
from tests.helpers.profiles import PROFILE, build_profile
from tests.helpers.proposals import send


def foreign_keys() -> set[tuple[str, str]]:
    return {
        (table.name, column.name)
        for table in Base.metadata.tables.values()
        for column in table.columns
        if column.foreign_keys
    }


def declared(cascades: list[Cascade]) -> set[tuple[str, str]]:
    columns = [cascade.column for cascade in cascades] + [kept.column for kept in KEPT]
    return {(column.expression.table.name, column.expression.name) for column in columns}


def test_every_foreign_key_cascades_or_is_kept_on_purpose() -> None:
    assert foreign_keys() - declared(every_cascade()) == set()
    assert all(kept.why.strip() for kept in KEPT)


def test_the_check_sees_a_missing_declaration() -> None:
    without_proposals = [c for c in every_cascade() if c.child.__tablename__ != "proposals"]
    assert {("proposals", "sender_id"), ("proposals", "recipient_id")} <= (
        foreign_keys() - declared(without_proposals)
    )


def test_cascades_name_their_parent_and_child() -> None:
    children = {(c.child.__name__, c.column.key) for c in cascades_from(User)}
    assert {("Job", "owner_id"), ("Application", "applicant_id"), ("Proposal", "sender_id")} <= (
        children
    )
    assert {(c.child.__name__, c.column.key) for c in cascades_from(Job)} == {
        ("Application", "job_id")
    }
    assert {(c.child.__name__, c.column.key) for c in cascades_from(Course)} == {
        ("Enrollment", "course_id")
    }
    assert {("Course", "owner_id"), ("Enrollment", "student_id")} <= children


async def orphans(app: FastAPI, cascade: Cascade) -> tuple[int, int]:
    """(live children of a deleted parent, children in all) for one cascade."""
    database: Database = app.state.database
    parent = aliased(cascade.parent)
    child = cascade.child
    joined = select(func.count()).select_from(child).join(parent, cascade.column == parent.id)
    async with database.session(read_only=True) as session:
        stranded = await session.scalar(
            joined.where(child.deleted_at.is_(None), parent.deleted_at.is_not(None))
        )
        total = await session.scalar(joined)
    return stranded or 0, total or 0


@pytest.mark.parametrize("cascade", every_cascade(), ids=lambda c: str(c.column))
async def test_no_live_row_points_at_a_deleted_one(
    app: FastAPI, client: AsyncClient, users: AccountFactory, cascade: Cascade
) -> None:
    leaving, staying = await users.create(), await users.create()
    for person, other in ((leaving, staying), (staying, leaving)):
        await build_profile(client, person)
        job = await create_job(client, person, status="open")
        await apply(client, other, job["id"])
        await send(client, person, other, job_id=job["id"])
        course = await published_course(client, person)
        await enroll(client, other, course["id"])
    doomed_job = await create_job(client, staying, status="open")
    await apply(client, leaving, doomed_job["id"])
    doomed_course = await published_course(client, staying)
    await enroll(client, leaving, doomed_course["id"])

    deletions = (
        (job_path(doomed_job["id"]), staying),
        (course_path(doomed_course["id"]), staying),
        (PROFILE, staying),
        (ME, leaving),
    )
    for path, person in deletions:
        assert (await client.delete(path, headers=person.headers)).status_code == 204

    stranded, total = await orphans(app, cascade)
    assert total > 0, "the scenario must create a row for this cascade"
    assert stranded == 0
