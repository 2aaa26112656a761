"""Steps the profile tests share: paths, entry kinds, calls and database look-ups.

Problem answers (401, 404, 422, ...) are checked with the helpers in `tests/helpers/problems.py`.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import select

from database.engine import Database
from database.models import Education, Experience, Profile
from database.models.profiles import ProfileEntry
from tests.helpers.accounts import Account
from tests.helpers.problems import assert_not_found, assert_timestamp, json_body

PROFILE = "/api/v1/profile"
EXPERIENCES = f"{PROFILE}/experiences"
EDUCATIONS = f"{PROFILE}/educations"
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

    def item(self, entry_id: str) -> str:
        """The path of one entry."""
        return f"{self.path}/{entry_id}"


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
    return json_body(await client.get(PROFILE, headers=user.headers))


async def create_entry(
    client: AsyncClient, user: Account, kind: EntryKind, **body: Any
) -> dict[str, Any]:
    response = await client.post(kind.path, headers=user.headers, json=body or kind.body())
    return json_body(response, 201)


async def get_entry(
    client: AsyncClient, user: Account, kind: EntryKind, entry_id: str
) -> dict[str, Any]:
    return json_body(await client.get(kind.item(entry_id), headers=user.headers))


async def list_entries(
    client: AsyncClient, user: Account, kind: EntryKind, **params: Any
) -> dict[str, Any]:
    return json_body(await client.get(kind.path, headers=user.headers, params=params))


async def patch_entry(
    client: AsyncClient, user: Account, kind: EntryKind, entry_id: str, changes: dict[str, Any]
) -> Response:
    return await client.patch(kind.item(entry_id), headers=user.headers, json=changes)


async def assert_entry_unchanged(
    client: AsyncClient, user: Account, kind: EntryKind, entry: dict[str, Any]
) -> None:
    """`entry` reads back exactly as it was."""
    assert await get_entry(client, user, kind, entry["id"]) == entry


async def assert_deleted_for_good(
    client: AsyncClient, user: Account, path: str, patch: dict[str, Any]
) -> None:
    """DELETE `path` is 204 with no body; after it, GET, PATCH and DELETE there are 404."""
    response = await client.delete(path, headers=user.headers)
    assert response.status_code == 204, response.text
    assert response.content == b""

    assert_not_found(await client.get(path, headers=user.headers))
    assert_not_found(await client.patch(path, headers=user.headers, json=patch))
    assert_not_found(await client.delete(path, headers=user.headers))


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


async def build_profile(client: AsyncClient, user: Account) -> None:
    """A profile with one experience and one education, all created through the API."""
    created = await client.put(PROFILE, headers=user.headers, json={"headline": "Engineer"})
    assert created.status_code == 201, created.text
    experience = await client.post(
        f"{PROFILE}/experiences",
        headers=user.headers,
        json={"title": "Engineer", "company": "Acme", "start_date": "2020-01-01"},
    )
    assert experience.status_code == 201, experience.text
    education = await client.post(
        f"{PROFILE}/educations",
        headers=user.headers,
        json={"school": "MIT", "start_date": "2015-09-01"},
    )
    assert education.status_code == 201, education.text
