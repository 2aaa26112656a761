"""Steps the `Idempotency-Key` tests share: the create endpoints, ready callers, stored keys.

Each create endpoint needs something before a user may POST to it: an open job of someone else
to apply to, or a profile to add entries to. `Creation` names the path and body, `ready_caller`
makes a user who can send it.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import func, select, update

from database.engine import Database
from database.models import IdempotencyRecord
from database.types import utcnow
from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.courses import COURSES, course_body, enrollment_path, published_course
from tests.helpers.jobs import APPLICATIONS, JOBS, job_body, open_job
from tests.helpers.problems import assert_validation_error, json_body
from tests.helpers.profiles import EDUCATION, EXPERIENCE, put_profile

KEY = "Idempotency-Key"
REPLAYED = "idempotent-replayed"
# Every create endpoint, by the name its tests are parametrized with.
KINDS = ["jobs", "applications", "experiences", "educations", "courses", "enrollments"]
# Those where the same body may be created twice (an active application is unique per job,
# an enrollment per course).
REPEATABLE_KINDS = ["jobs", "experiences", "educations", "courses"]


@dataclass(frozen=True)
class Creation:
    kind: str
    path: str
    body: dict[str, Any]


async def creation(kind: str, client: AsyncClient, users: AccountFactory) -> Creation:
    """A valid create request of `kind`; an application goes to a fresh open job, an
    enrollment to a fresh published course."""
    if kind == "jobs":
        return Creation(kind, JOBS, job_body())
    if kind == "applications":
        job = await open_job(client, await users.create())
        return Creation(kind, APPLICATIONS, {"job_id": job["id"], "cover_letter": "Hello."})
    if kind == "courses":
        return Creation(kind, COURSES, course_body())
    if kind == "enrollments":
        course = await published_course(client, await users.create())
        return Creation(kind, enrollment_path(course["id"]), {})
    entry = EXPERIENCE if kind == "experiences" else EDUCATION
    return Creation(kind, entry.path, entry.body())


async def ready_caller(creation: Creation, client: AsyncClient, users: AccountFactory) -> Account:
    """A new user who may POST `creation` (profile entries need a profile first)."""
    user = await users.create()
    if creation.kind in ("experiences", "educations"):
        await put_profile(client, user)
    return user


def keyed(user: Account, key: str) -> dict[str, str]:
    return {**user.headers, KEY: key}


async def post(
    client: AsyncClient, user: Account, creation: Creation, key: str | None = None
) -> Response:
    headers = user.headers if key is None else keyed(user, key)
    return await client.post(creation.path, headers=headers, json=creation.body)


async def total(client: AsyncClient, user: Account, creation: Creation) -> int:
    """How many resources of this kind the user has (a job or course owner's in any status,
    the courses a student is enrolled in)."""
    path, params = creation.path, {"mine": "true"} if creation.kind in ("jobs", "courses") else {}
    if creation.kind == "enrollments":
        path, params = COURSES, {"enrolled": "true"}
    page = json_body(await client.get(path, headers=user.headers, params=params))
    count: int = page["total"]
    return count


def assert_fresh(response: Response) -> dict[str, Any]:
    """A 201 the endpoint itself answered, not a replay."""
    assert REPLAYED not in response.headers
    return json_body(response, 201)


def assert_replay_of(replay: Response, first: Response) -> None:
    """`replay` repeats `first` byte for byte, marked as a replay."""
    assert replay.status_code == first.status_code == 201, replay.text
    assert replay.headers[REPLAYED] == "true"
    assert replay.headers["content-type"] == first.headers["content-type"]
    assert replay.content == first.content


def assert_key_refused(response: Response) -> None:
    """A 422 whose error points at the `Idempotency-Key` header."""
    assert_validation_error(response, field=KEY)
    assert any(error["loc"] == ["header", KEY] for error in response.json()["errors"])


def database(app: FastAPI) -> Database:
    db: Database = app.state.database
    return db


async def stored_keys(app: FastAPI, user_id: uuid.UUID | None = None) -> int:
    """How many idempotency records exist (of one user, when given)."""
    query = select(func.count()).select_from(IdempotencyRecord)
    if user_id is not None:
        query = query.where(IdempotencyRecord.user_id == user_id)
    async with database(app).session(read_only=True) as session:
        return int(await session.scalar(query) or 0)


async def age_key(app: FastAPI, user: Account, key: str, age: timedelta) -> None:
    """Move the creation time of `user`'s record for `key` back by `age`."""
    async with database(app).session() as session:
        result = await session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.user_id == user.id, IdempotencyRecord.key == key)
            .values(created_at=utcnow() - age)
        )
        assert getattr(result, "rowcount", None) == 1
        await session.commit()


async def claim_in_flight(
    app: FastAPI, user: Account, *, like: str, key: str, age: timedelta
) -> None:
    """Store a claim on `key` that never finished, for the same request as the key `like`."""
    async with database(app).session() as session:
        model = await session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.user_id == user.id, IdempotencyRecord.key == like
            )
        )
        assert model is not None
        session.add(
            IdempotencyRecord(
                user_id=user.id,
                key=key,
                request_digest=model.request_digest,
                created_at=utcnow() - age,
            )
        )
        await session.commit()


async def record_is_in_flight(app: FastAPI, user: Account, key: str) -> bool:
    async with database(app).session(read_only=True) as session:
        record = await session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.user_id == user.id, IdempotencyRecord.key == key
            )
        )
    assert record is not None
    return record.status_code is None
