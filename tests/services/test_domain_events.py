"""Job and application changes are logged as structured domain events (SPEC §2, "logs").

Each change logs its event once, in snake_case past tense, with the ids it concerns (`job_id`,
`owner_id`; `application_id`, `job_id`, `applicant_id`), never a title, description, cover
letter, email or token. Logs are captured as in `tests/utils/test_logging.py`."""

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import (
    APPLICATIONS,
    application_path,
    apply,
    create_job,
    job_path,
    move_application,
    patch_job,
)
from tests.helpers.problems import assert_problem, json_body

TITLE, DESCRIPTION = "Secret Title 7f3c", "Secret description 9b1e"
NEW_TITLE, NEW_DESCRIPTION = "Renamed Title 2a6d", "Rewritten description 5c0f"
COVER_LETTER, NEW_COVER_LETTER = "Secret letter 4d2a", "Second letter 8e7b"
TEXTS = [TITLE, DESCRIPTION, NEW_TITLE, NEW_DESCRIPTION, COVER_LETTER, NEW_COVER_LETTER]
SNAKE_CASE_PAST = re.compile(r"[a-z]+(?:_[a-z]+)*ed")

Event = tuple[str, dict[str, Any]]
Expected = list[Event]


@dataclass
class Stage:
    client: AsyncClient
    owner: Account
    talent: Account
    caplog: pytest.LogCaptureFixture
    start: int = 0

    def watch(self) -> None:
        """Events logged from now on are the ones the scenario expects."""
        self.start = len(self.caplog.records)

    def events(self) -> list[dict[str, Any]]:
        return [
            record.msg
            for record in self.caplog.records[self.start :]
            if isinstance(record.msg, dict) and record.msg.get("event") != "request_finished"
        ]

    async def job(self, **overrides: Any) -> dict[str, Any]:
        return await create_job(
            self.client, self.owner, title=TITLE, description=DESCRIPTION, **overrides
        )

    async def application(self) -> dict[str, Any]:
        job = await self.job(status="open")
        return await apply(self.client, self.talent, job["id"], cover_letter=COVER_LETTER)

    async def delete(self, path: str, person: Account) -> None:
        response = await self.client.delete(path, headers=person.headers)
        assert response.status_code == 204, response.text

    def of_job(self, event: str, job: dict[str, Any], **fields: Any) -> Event:
        return event, {"job_id": job["id"], "owner_id": str(self.owner.id), **fields}

    def of_application(self, event: str, body: dict[str, Any], **fields: Any) -> Event:
        ids = {"job_id": body["job_id"], "applicant_id": str(self.talent.id)}
        return event, {"application_id": body["id"], **ids, **fields}


async def job_created_as_draft(stage: Stage) -> Expected:
    stage.watch()
    job = await stage.job()
    return [stage.of_job("job_created", job, status="draft")]


async def job_created_open(stage: Stage) -> Expected:
    stage.watch()
    job = await stage.job(status="open")
    return [stage.of_job("job_created", job, status="open"), stage.of_job("job_opened", job)]


async def job_opened(stage: Stage) -> Expected:
    job = await stage.job()
    stage.watch()
    await patch_job(stage.client, stage.owner, job["id"], status="open")
    return [stage.of_job("job_opened", job)]


async def job_closed(stage: Stage) -> Expected:
    job = await stage.job(status="open")
    stage.watch()
    await patch_job(stage.client, stage.owner, job["id"], status="closed")
    return [stage.of_job("job_closed", job)]


async def job_reopened(stage: Stage) -> Expected:
    job = await stage.job(status="open")
    await patch_job(stage.client, stage.owner, job["id"], status="closed")
    stage.watch()
    await patch_job(stage.client, stage.owner, job["id"], status="open")
    return [stage.of_job("job_reopened", job)]


async def job_updated(stage: Stage) -> Expected:
    job = await stage.job()
    stage.watch()
    await patch_job(
        stage.client, stage.owner, job["id"], title=NEW_TITLE, description=NEW_DESCRIPTION
    )
    return [stage.of_job("job_updated", job, fields=["description", "title"])]


async def job_updated_and_closed(stage: Stage) -> Expected:
    job = await stage.job(status="open")
    stage.watch()
    await patch_job(stage.client, stage.owner, job["id"], title=NEW_TITLE, status="closed")
    return [stage.of_job("job_updated", job, fields=["title"]), stage.of_job("job_closed", job)]


async def job_deleted(stage: Stage) -> Expected:
    application = await stage.application()
    stage.watch()
    await stage.delete(job_path(application["job_id"]), stage.owner)
    return [stage.of_job("job_deleted", {"id": application["job_id"]})]


async def application_submitted(stage: Stage) -> Expected:
    job = await stage.job(status="open")
    stage.watch()
    application = await apply(stage.client, stage.talent, job["id"], cover_letter=COVER_LETTER)
    return [stage.of_application("application_submitted", application)]


async def application_reviewed(stage: Stage) -> Expected:
    application = await stage.application()
    stage.watch()
    await move_application(stage.client, stage.owner, application["id"], "reviewing")
    changed = {"previous": "submitted", "status": "reviewing"}
    return [stage.of_application("application_status_changed", application, **changed)]


async def application_withdrawn(stage: Stage) -> Expected:
    application = await stage.application()
    await move_application(stage.client, stage.owner, application["id"], "reviewing")
    stage.watch()
    await move_application(stage.client, stage.talent, application["id"], "withdrawn")
    changed = {"previous": "reviewing", "status": "withdrawn"}
    return [stage.of_application("application_status_changed", application, **changed)]


async def application_updated(stage: Stage) -> Expected:
    application = await stage.application()
    stage.watch()
    path, letter = application_path(application["id"]), {"cover_letter": NEW_COVER_LETTER}
    json_body(await stage.client.patch(path, headers=stage.talent.headers, json=letter))
    return [stage.of_application("application_updated", application, fields=["cover_letter"])]


async def application_deleted(stage: Stage) -> Expected:
    application = await stage.application()
    stage.watch()
    await stage.delete(application_path(application["id"]), stage.talent)
    return [stage.of_application("application_deleted", application)]


Scenario = Callable[[Stage], Awaitable[Expected]]
SCENARIOS: list[Scenario] = [
    job_created_as_draft,
    job_created_open,
    job_opened,
    job_closed,
    job_reopened,
    job_updated,
    job_updated_and_closed,
    job_deleted,
    application_submitted,
    application_reviewed,
    application_withdrawn,
    application_updated,
    application_deleted,
]


@pytest.fixture
async def stage(
    client: AsyncClient, users: AccountFactory, caplog: pytest.LogCaptureFixture
) -> Stage:
    caplog.set_level(logging.INFO)
    return Stage(client, await users.create(), await users.create(), caplog)


def assert_clean_log(stage: Stage) -> None:
    """Every structured event of the test is named in snake_case past tense, and no text,
    email or token of the test's users appears anywhere in the log."""
    records = stage.caplog.records
    names = [record.msg["event"] for record in records if isinstance(record.msg, dict)]
    assert names
    assert [name for name in names if not SNAKE_CASE_PAST.fullmatch(name)] == []
    logged = "\n".join(str(record.msg) for record in records)
    people = (stage.owner, stage.talent)
    for secret in [*TEXTS, *(person.email for person in people)]:
        assert secret not in logged
    for person in people:
        assert person.access_token not in logged


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
async def test_change_logs_its_event_once_with_ids(stage: Stage, scenario: Scenario) -> None:
    expected = await scenario(stage)

    events = stage.events()
    assert [event["event"] for event in events] == [name for name, _ in expected]
    for event, (name, fields) in zip(events, expected, strict=True):
        assert fields.items() <= event.items(), name
        assert event["level"] == "info"
    assert_clean_log(stage)


async def test_refused_changes_log_no_event(stage: Stage) -> None:
    """A change answered 400, 403 or 409 did not happen, so no event says it did."""
    application = await stage.application()
    job_id, application_id = application["job_id"], application["id"]
    apply_again = {"job_id": job_id, "cover_letter": COVER_LETTER}
    refusals = [
        ("PATCH", job_path(job_id), stage.owner, {"status": "open"}, 400, "invalid_transition"),
        ("POST", APPLICATIONS, stage.talent, apply_again, 409, "conflict"),
        (
            "PATCH",
            application_path(application_id),
            stage.talent,
            {"status": "accepted"},
            403,
            "forbidden",
        ),
    ]
    stage.watch()
    for method, path, person, body, status, code in refusals:
        response = await stage.client.request(method, path, headers=person.headers, json=body)
        assert_problem(response, status, code)
    assert stage.events() == []
    assert_clean_log(stage)
