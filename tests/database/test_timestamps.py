"""Timestamps read back as aware UTC, whatever form the database holds them in.

SQLite keeps them as text. SQLAlchemy writes naive UTC text, which `database.types` reads
on a fast path; text another client wrote (no fraction, a `T`, an offset) takes the general
path and must come out the same instant.
"""

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import text

from config import Settings
from tests.helpers.accounts import AccountFactory
from tests.helpers.jobs import create_job


async def test_timestamps_are_answered_in_utc_with_an_explicit_offset(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    job = await create_job(client, owner, status="open")
    listed = (await client.get("/api/v1/jobs?mine=true", headers=owner.headers)).json()["items"]
    for answer in (job, listed[0]):
        for field in ("created_at", "updated_at", "published_at"):
            assert answer[field].endswith("+00:00"), (field, answer[field])
    assert listed[0]["published_at"] == job["published_at"]


@pytest.mark.parametrize(
    ("stored", "answered"),
    [
        ("2024-05-01 12:00:00.250000", "2024-05-01T12:00:00.250000+00:00"),
        ("2024-05-01 12:00:00", "2024-05-01T12:00:00+00:00"),
        ("2024-05-01T12:00:00", "2024-05-01T12:00:00+00:00"),
        ("2024-05-01 14:30:00+02:30", "2024-05-01T12:00:00+00:00"),
        ("2024-05-01T07:00:00-05:00", "2024-05-01T12:00:00+00:00"),
    ],
)
async def test_sqlite_text_in_any_iso_form_reads_as_the_same_utc_instant(
    client: AsyncClient,
    users: AccountFactory,
    app: FastAPI,
    settings: Settings,
    stored: str,
    answered: str,
) -> None:
    if not settings.is_sqlite:
        pytest.skip("PostgreSQL stores timestamptz, not text")
    owner = await users.create()
    job = await create_job(client, owner, status="open")
    async with app.state.database.session() as session:
        await session.execute(
            text("UPDATE jobs SET published_at = :stored WHERE id = :id"),
            {"stored": stored, "id": job["id"].replace("-", "")},
        )
        await session.commit()
    response = await client.get(f"/api/v1/jobs/{job['id']}", headers=owner.headers)
    assert response.status_code == 200
    assert response.json()["published_at"] == answered
