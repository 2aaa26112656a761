"""`python -m manage seed-demo`: a demo data set a frontend can sign in to and browse."""

from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient

from manage.demo import DEMO_PASSWORD, PEOPLE
from manage.demo_data import NEWS_EDITOR
from tests.helpers.accounts import AccountFactory
from tests.helpers.manage import run_manage
from tests.helpers.problems import json_body

JOBS = "/api/v1/jobs"
APPLICATIONS = "/api/v1/applications"
EVERY_JOB_STATUS = {"draft", "open", "closed"}
EVERY_APPLICATION_STATUS = {"submitted", "reviewing", "accepted", "rejected", "withdrawn"}
EVERY_PROPOSAL_STATUS = {"pending", "accepted", "declined", "withdrawn", "expired"}
PROPOSALS = "/api/v1/proposals"
COURSES = "/api/v1/courses"
NEWS = "/api/v1/news"


async def sign_in(client: AsyncClient, email: str) -> dict[str, str]:
    response = await client.post(
        "/api/v1/auth/login", json={"email": email, "password": DEMO_PASSWORD}
    )
    return {"Authorization": f"Bearer {json_body(response)['access_token']}"}


async def items(
    client: AsyncClient, path: str, headers: dict[str, str], **params: Any
) -> list[Any]:
    page = json_body(await client.get(path, headers=headers, params={"page_size": 100, **params}))
    assert page["total"] == len(page["items"])
    result: list[Any] = page["items"]
    return result


async def snapshot(client: AsyncClient) -> dict[str, Any]:
    """What every demo person sees: own jobs, sent and received applications, profile."""
    seen: dict[str, Any] = {}
    for person in PEOPLE:
        headers = await sign_in(client, person.email)
        seen[person.email] = {
            "jobs": await items(client, JOBS, headers, mine="true"),
            "sent": await items(client, APPLICATIONS, headers),
            "received": await items(client, f"{APPLICATIONS}/received", headers),
            "profile": json_body(await client.get("/api/v1/profile", headers=headers)),
            "experiences": await items(client, "/api/v1/profile/experiences", headers),
            "educations": await items(client, "/api/v1/profile/educations", headers),
            "proposals_sent": await items(client, PROPOSALS, headers, box="sent"),
            "proposals_received": await items(client, PROPOSALS, headers),
            "courses": await items(client, COURSES, headers, mine="true"),
            "enrolled": await items(client, COURSES, headers, enrolled="true"),
        }
        seen[person.email]["students"] = {
            course["id"]: await items(client, f"{COURSES}/{course['id']}/enrollments", headers)
            for course in seen[person.email]["courses"]
        }
    editor = await sign_in(client, NEWS_EDITOR)
    seen["news"] = await items(client, NEWS, editor, include_drafts="true")
    return seen


async def test_seed_demo_covers_every_status(client: AsyncClient, manage_env: Path) -> None:
    assert await run_manage("seed-demo") == 0

    seen = await snapshot(client)
    news = seen.pop("news")
    assert {item["status"] for item in news} == {"published", "scheduled", "draft"}
    public = await items(client, NEWS, {})
    assert {item["status"] for item in public} == {"published"}
    assert len(public) == sum(item["status"] == "published" for item in news)
    jobs = [job for person in seen.values() for job in person["jobs"]]
    sent = [application for person in seen.values() for application in person["sent"]]
    received = [application for person in seen.values() for application in person["received"]]
    assert {job["status"] for job in jobs} == EVERY_JOB_STATUS
    assert {application["status"] for application in sent} == EVERY_APPLICATION_STATUS
    assert sorted(a["id"] for a in sent) == sorted(a["id"] for a in received)
    for person in seen.values():
        assert person["profile"]["visibility"] == "public"
        assert person["profile"]["skills"]
        assert len(person["experiences"]) == len(person["educations"]) == 1
    offers = [proposal for person in seen.values() for proposal in person["proposals_sent"]]
    answers = [proposal for person in seen.values() for proposal in person["proposals_received"]]
    assert {proposal["status"] for proposal in offers} == EVERY_PROPOSAL_STATUS
    assert sorted(p["id"] for p in offers) == sorted(p["id"] for p in answers)
    open_jobs = await items(client, JOBS, await sign_in(client, PEOPLE[-1].email))
    assert {job["status"] for job in open_jobs} == {"open"}
    assert all(job["published_at"] for job in jobs if job["status"] != "draft")


async def test_seed_demo_offers_courses_with_students(
    client: AsyncClient, manage_env: Path
) -> None:
    assert await run_manage("seed-demo") == 0

    seen = await snapshot(client)
    people = {person.email: seen[person.email] for person in PEOPLE}
    courses = [course for person in people.values() for course in person["courses"]]
    students = {id_: rows for person in people.values() for id_, rows in person["students"].items()}
    assert {course["status"] for course in courses} == {"draft", "published"}
    for course in courses:
        assert bool(students[course["id"]]) == (course["status"] == "published")
    enrolled = sorted(
        (course["id"], email) for email, person in people.items() for course in person["enrolled"]
    )
    names = {person.full_name: person.email for person in PEOPLE}
    listed = sorted(
        (course_id, names[row["full_name"]]) for course_id, rows in students.items() for row in rows
    )
    assert enrolled == listed
    public = await items(client, COURSES, await sign_in(client, PEOPLE[-1].email))
    assert sorted(c["id"] for c in public) == sorted(
        c["id"] for c in courses if c["status"] == "published"
    )


async def test_seed_demo_twice_changes_nothing(
    client: AsyncClient, manage_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await run_manage("seed-demo") == 0
    first = await snapshot(client)

    assert await run_manage("seed-demo") == 0

    assert await snapshot(client) == first
    assert "already there" in capsys.readouterr().out


async def test_seed_demo_is_refused_in_production(
    client: AsyncClient, manage_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-that-is-long-enough-to-pass")
    monkeypatch.setenv("EMAIL_SENDER", "console")

    assert await run_manage("seed-demo") == 2

    response = await client.post(
        "/api/v1/auth/login", json={"email": PEOPLE[0].email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 401


async def test_seed_demo_refuses_when_a_demo_email_belongs_to_someone_else(
    client: AsyncClient, manage_env: Path, users: AccountFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    stranger = await users.create(email=PEOPLE[1].email)

    assert await run_manage("seed-demo") == 2

    assert PEOPLE[1].email in capsys.readouterr().err
    jobs = await items(client, JOBS, stranger.headers)
    assert jobs == []
    response = await client.post(
        "/api/v1/auth/login", json={"email": PEOPLE[0].email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 401
