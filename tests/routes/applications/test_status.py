"""PATCH /applications/{id}: each party's status machine, cover-letter edits, the job summary.

The job owner decides (submitted → reviewing → accepted | rejected); the applicant can only
step back (submitted | reviewing → withdrawn) and edit the letter while it is submitted.
A status that belongs to the other party is 403 whatever the current status; a move the
caller's own machine does not allow is 400 `invalid_transition`.
"""

from dataclasses import dataclass
from itertools import product
from typing import Any

import pytest
from httpx import AsyncClient, Response

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import (
    RECEIVED,
    application_path,
    apply_to_new_job,
    get_application,
    list_applications,
    move_application,
    patch_job,
)
from tests.helpers.problems import (
    assert_problem,
    assert_timestamp,
    assert_validation_error,
    json_body,
)

STATUSES = ["submitted", "reviewing", "accepted", "rejected", "withdrawn"]
# Who may move where, written out from the SPEC rather than taken from the code.
OWNER_MOVES = {
    "submitted": {"reviewing", "accepted", "rejected"},
    "reviewing": {"accepted", "rejected"},
}
APPLICANT_MOVES = {"submitted": {"withdrawn"}, "reviewing": {"withdrawn"}}
OWNER_TARGETS = {"reviewing", "accepted", "rejected"}
APPLICANT_TARGETS = {"withdrawn"}
# How to bring a fresh (submitted) application to each status: (party, target) moves.
SETUP_MOVES = {
    "submitted": [],
    "reviewing": [("owner", "reviewing")],
    "accepted": [("owner", "reviewing"), ("owner", "accepted")],
    "rejected": [("owner", "rejected")],
    "withdrawn": [("applicant", "withdrawn")],
}


def expected_answer(party: str, current: str, target: str) -> tuple[int, str | None]:
    """(HTTP status, problem code) for `party` moving an application from `current` to `target`."""
    others = APPLICANT_TARGETS if party == "owner" else OWNER_TARGETS
    if target in others:
        return 403, "forbidden"
    moves = OWNER_MOVES if party == "owner" else APPLICANT_MOVES
    if target in moves.get(current, set()):
        return 200, None
    return 400, "invalid_transition"


@dataclass
class Parties:
    """An owner's open job and one application to it, brought to a given status."""

    owner: Account
    applicant: Account
    job: dict[str, Any]
    application: dict[str, Any]

    def of(self, party: str) -> Account:
        return self.owner if party == "owner" else self.applicant

    async def patch(self, client: AsyncClient, party: str, body: Any) -> Response:
        path = application_path(self.application["id"])
        return await client.patch(path, headers=self.of(party).headers, json=body)

    async def assert_unchanged(self, client: AsyncClient) -> None:
        for party in (self.owner, self.applicant):
            assert await get_application(client, party, self.application["id"]) == self.application


async def parties_at(client: AsyncClient, users: AccountFactory, status: str) -> Parties:
    owner, applicant = await users.create(), await users.create()
    job, application = await apply_to_new_job(client, owner, applicant)
    parties = Parties(owner=owner, applicant=applicant, job=job, application=application)
    for party, target in SETUP_MOVES[status]:
        parties.application = await move_application(
            client, parties.of(party), parties.application["id"], target
        )
    assert parties.application["status"] == status
    return parties


MATRIX = list(product(["owner", "applicant"], STATUSES, STATUSES))


@pytest.mark.parametrize(("party", "current", "target"), MATRIX, ids=["-".join(m) for m in MATRIX])
async def test_status_moves(
    client: AsyncClient, users: AccountFactory, party: str, current: str, target: str
) -> None:
    parties = await parties_at(client, users, current)
    before = parties.application

    response = await parties.patch(client, party, {"status": target})

    status, code = expected_answer(party, current, target)
    if code is not None:
        assert_problem(response, status, code)
        await parties.assert_unchanged(client)
        return
    moved = json_body(response)
    assert moved["status"] == target
    assert {key: value for key, value in moved.items() if key not in ("status", "updated_at")} == {
        key: value for key, value in before.items() if key not in ("status", "updated_at")
    }
    assert assert_timestamp(moved["updated_at"]) >= assert_timestamp(before["updated_at"])
    for reader in (parties.owner, parties.applicant):
        assert await get_application(client, reader, before["id"]) == moved


@pytest.mark.parametrize("value", ["approved", "SUBMITTED", "expired", "", None, 1, ["accepted"]])
@pytest.mark.parametrize("party", ["owner", "applicant"])
async def test_unknown_status_value_is_422(
    client: AsyncClient, users: AccountFactory, party: str, value: Any
) -> None:
    parties = await parties_at(client, users, "submitted")
    assert_validation_error(await parties.patch(client, party, {"status": value}), field="status")
    await parties.assert_unchanged(client)


async def test_applicant_edits_the_letter_and_resume_while_submitted(
    client: AsyncClient, users: AccountFactory
) -> None:
    parties = await parties_at(client, users, "submitted")
    changes = {"cover_letter": "  A better letter.  ", "resume_url": "https://example.com/cv"}

    edited = json_body(await parties.patch(client, "applicant", changes))

    assert edited["cover_letter"] == "A better letter."
    assert edited["resume_url"] == "https://example.com/cv"
    assert edited["status"] == "submitted"
    assert await get_application(client, parties.owner, edited["id"]) == edited
    cleared = json_body(await parties.patch(client, "applicant", {"resume_url": None}))
    assert cleared["resume_url"] is None
    assert cleared["cover_letter"] == "A better letter."


async def test_applicant_edits_and_withdraws_in_one_request(
    client: AsyncClient, users: AccountFactory
) -> None:
    parties = await parties_at(client, users, "submitted")
    body = {"cover_letter": "Goodbye.", "status": "withdrawn"}
    done = json_body(await parties.patch(client, "applicant", body))
    assert (done["cover_letter"], done["status"]) == ("Goodbye.", "withdrawn")


EDITS: list[dict[str, Any]] = [
    {"cover_letter": "Changed."},
    {"resume_url": "https://example.com/new"},
    {"resume_url": None},
    {"cover_letter": "Changed.", "status": "withdrawn"},
]
EDIT_IDS = ["letter", "resume", "resume-null", "letter+withdraw"]


@pytest.mark.parametrize("current", ["reviewing", "accepted", "rejected", "withdrawn"])
@pytest.mark.parametrize("changes", EDITS, ids=EDIT_IDS)
async def test_applicant_cannot_edit_after_submitted(
    client: AsyncClient, users: AccountFactory, current: str, changes: dict[str, Any]
) -> None:
    parties = await parties_at(client, users, current)
    assert_problem(await parties.patch(client, "applicant", changes), 400, "bad_request")
    await parties.assert_unchanged(client)


@pytest.mark.parametrize("current", ["submitted", "reviewing"])
@pytest.mark.parametrize(
    "changes",
    [*EDITS[:3], {"cover_letter": "Changed.", "status": "reviewing"}],
    ids=[*EDIT_IDS[:3], "letter+review"],
)
async def test_job_owner_cannot_edit_the_letter(
    client: AsyncClient, users: AccountFactory, current: str, changes: dict[str, Any]
) -> None:
    parties = await parties_at(client, users, current)
    assert_problem(await parties.patch(client, "owner", changes), 403, "forbidden")
    await parties.assert_unchanged(client)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cover_letter", None),
        ("cover_letter", ""),
        ("cover_letter", "   "),
        ("cover_letter", "x" * 10_001),
        ("resume_url", "ftp://example.com/cv"),
        ("resume_url", "javascript:alert(1)"),
        ("job_id", "00000000-0000-0000-0000-000000000001"),
        ("applicant_id", "00000000-0000-0000-0000-000000000001"),
        ("updated_at", "2001-01-01T00:00:00+00:00"),
        ("job", {"status": "closed"}),
    ],
)
async def test_invalid_patch_body_is_422(
    client: AsyncClient, users: AccountFactory, field: str, value: Any
) -> None:
    parties = await parties_at(client, users, "submitted")
    response = await parties.patch(client, "applicant", {field: value})
    assert_validation_error(response, field=field)
    await parties.assert_unchanged(client)


async def test_job_summary_follows_the_job(client: AsyncClient, users: AccountFactory) -> None:
    parties = await parties_at(client, users, "reviewing")
    app_id, job_id = parties.application["id"], parties.job["id"]

    await patch_job(client, parties.owner, job_id, status="closed", title="Renamed")

    for reader, path in ((parties.applicant, None), (parties.owner, RECEIVED)):
        summary = (await get_application(client, reader, app_id))["job"]
        assert summary == {**parties.application["job"], "status": "closed", "title": "Renamed"}
        page = await list_applications(client, reader, *([path] if path else []))
        assert page["items"][0]["job"] == summary
    accepted = await move_application(client, parties.owner, app_id, "accepted")
    assert accepted["job"]["status"] == "closed"

    await patch_job(client, parties.owner, job_id, status="open")
    assert (await get_application(client, parties.applicant, app_id))["job"]["status"] == "open"
