"""Steps the profile tests share: paths, entry kinds, problem checks and database look-ups."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import select

from database.engine import Database
from database.models import Education, Experience, Profile
from database.models.profiles import ProfileEntry
from tests.factories import TestUser as Account

PROFILE = "/api/v1/profile"
EXPERIENCES = f"{PROFILE}/experiences"
EDUCATIONS = f"{PROFILE}/educations"
PROBLEM_JSON = "application/problem+json"
RESOURCE_FIELDS = {"id", "owner_id", "created_at", "updated_at"}
PROFILE_FIELDS = {
    "headline",
    "bio",
    "location",
    "skills",
    "website",
    "visibility",
    "open_to_work",
}
# What a client may never set, on any body; "profile_id" only exists on entries.
SERVER_FIELDS = ("id", "owner_id", "created_at", "updated_at", "deleted_at")
FORBIDDEN_VALUES: dict[str, Any] = {
    "id": str(uuid.UUID(int=1)),
    "owner_id": str(uuid.UUID(int=2)),
    "profile_id": str(uuid.UUID(int=3)),
    "created_at": "2001-01-01T00:00:00+00:00",
    "updated_at": "2001-01-01T00:00:00+00:00",
    "deleted_at": "2001-01-01T00:00:00+00:00",
    "is_admin": True,
}


@dataclass(frozen=True)
class EntryKind:
    """Experiences and educations behave alike; this names what differs between them."""

    name: str
    path: str
    model: type[ProfileEntry]
    required_text: tuple[str, ...]

    def body(
        self, start: str = "2020-01-01", end: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        """A valid create body with the given dates."""
        body: dict[str, Any] = {field: f"Some {field}" for field in self.required_text}
        body["start_date"] = start
        if end is not None:
            body["end_date"] = end
        return {**body, **extra}


EXPERIENCE = EntryKind(
    name="experience",
    path=EXPERIENCES,
    model=Experience,
    required_text=("title", "company"),
)
EDUCATION = EntryKind(
    name="education",
    path=EDUCATIONS,
    model=Education,
    required_text=("school",),
)
ENTRY_KINDS = [EXPERIENCE, EDUCATION]
ENTRY_KIND_IDS = [kind.name for kind in ENTRY_KINDS]


def assert_problem(response: Response, status: int, code: str) -> dict[str, Any]:
    """An RFC 9457 answer with `status` and `code`; returns the body for further checks."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def assert_unauthorized(response: Response) -> None:
    assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")


def assert_not_found(response: Response) -> None:
    assert_problem(response, 404, "not_found")


def assert_invalid(response: Response, *, field: str | None = None) -> None:
    """A 422 listing `loc`/`msg`/`type`; with `field`, one error points at that field."""
    body = assert_problem(response, 422, "validation_error")
    assert body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"loc", "msg", "type"}
    if field is not None:
        assert any(error["loc"][-1] == field for error in body["errors"]), body["errors"]


def assert_timestamp(value: str) -> datetime:
    """ISO 8601 with an explicit UTC offset."""
    parsed = datetime.fromisoformat(value)
    assert parsed.utcoffset() == timedelta(0), value
    return parsed


def assert_resource(body: dict[str, Any], owner: Account) -> None:
    """The fields every stored profile resource returns, in their documented formats."""
    assert body.keys() >= RESOURCE_FIELDS, body
    assert "deleted_at" not in body
    uuid.UUID(body["id"])
    assert body["owner_id"] == str(owner.id)
    created_at = assert_timestamp(body["created_at"])
    assert assert_timestamp(body["updated_at"]) >= created_at


def assert_date(value: str) -> None:
    assert date.fromisoformat(value).isoformat() == value


async def put_profile(client: AsyncClient, user: Account, **fields: Any) -> dict[str, Any]:
    response = await client.put(PROFILE, headers=user.headers, json=fields)
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


async def get_profile(client: AsyncClient, user: Account) -> dict[str, Any]:
    response = await client.get(PROFILE, headers=user.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def create_entry(
    client: AsyncClient, user: Account, kind: EntryKind, **body: Any
) -> dict[str, Any]:
    response = await client.post(kind.path, headers=user.headers, json=body or kind.body())
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def get_entry(
    client: AsyncClient, user: Account, kind: EntryKind, entry_id: str
) -> dict[str, Any]:
    response = await client.get(f"{kind.path}/{entry_id}", headers=user.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def list_entries(
    client: AsyncClient, user: Account, kind: EntryKind, **params: Any
) -> dict[str, Any]:
    response = await client.get(kind.path, headers=user.headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def deleted_at_of(
    app: FastAPI, model: type[Profile] | type[ProfileEntry], ids: list[str]
) -> list[datetime | None]:
    """`deleted_at` of the given rows, read straight from the database, in the order given."""
    database: Database = app.state.database
    async with database.session(read_only=True) as session:
        rows = await session.execute(
            select(model.id, model.deleted_at).where(model.id.in_([uuid.UUID(i) for i in ids]))
        )
        found = {str(row_id): deleted_at for row_id, deleted_at in rows.all()}
    assert set(found) == set(ids), "rows must be soft-deleted, never removed"
    return [found[i] for i in ids]
