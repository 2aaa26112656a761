"""The fuzzer's hooks judge a body by the server's own rules, and its runner names real
operations."""

from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from schemathesis.generation.modes import GenerationMode

from fuzz.__main__ import ACCOUNT_ENDING
from fuzz.hooks import OPEN_JOB_ID, RULES_ACROSS_FIELDS, SEEDED_FIELDS, filter_case, map_case

JOB = {"title": "t", "description": "d", "company_name": "c", "employment_type": "contract"}


def context(operation_id: str) -> Any:
    return SimpleNamespace(
        operation=SimpleNamespace(definition=SimpleNamespace(raw={"operationId": operation_id}))
    )


def case(body: Any, mode: GenerationMode = GenerationMode.POSITIVE) -> Any:
    return SimpleNamespace(body=body, meta=SimpleNamespace(generation=SimpleNamespace(mode=mode)))


@pytest.mark.parametrize(
    ("operation_id", "body", "kept"),
    [
        ("jobs-create", {**JOB, "salary_min": 2, "salary_max": 1, "currency": "EUR"}, False),
        ("jobs-create", {**JOB, "salary_min": 1, "salary_max": 2, "currency": "EUR"}, True),
        ("jobs-create", {**JOB, "salary_min": "x"}, True),  # the schema refuses it: sent
        (
            "experiences-create",
            {"title": "t", "company": "c", "start_date": "2020-01-02", "end_date": "2020-01-01"},
            False,
        ),
        ("news-create", {"title": "\u0416", "summary": "s", "body": "b"}, False),
        ("news-create", {"title": "Caf\u00e9", "summary": "s", "body": "b"}, True),
        ("proposals-create", {"expires_at": "2000-01-01T00:00:00Z"}, False),
        ("proposals-create", {"expires_at": "3000-01-01T00:00:00Z"}, True),
        ("jobs-update", {"salary_min": 2, "salary_max": 1}, True),  # stored state: a 422 admitted
    ],
)
def test_positive_cases_breaking_a_rule_across_fields_are_dropped(
    operation_id: str, body: dict[str, Any], kept: bool
) -> None:
    assert filter_case(context(operation_id), case(body)) is kept


def test_negative_cases_are_kept() -> None:
    body = {**JOB, "salary_min": 2, "salary_max": 1}
    assert filter_case(context("jobs-create"), case(body, GenerationMode.NEGATIVE))


def test_seeded_ids_replace_generated_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(OPEN_JOB_ID, "job-a,job-b")
    mapped = map_case(context("applications-create"), case({"job_id": "random"}))
    assert mapped.body["job_id"] in {"job-a", "job-b"}
    assert map_case(context("applications-create"), case({"job_id": "random"})).body == mapped.body


def test_the_runner_and_the_hooks_name_operations_of_the_app(app: FastAPI) -> None:
    ids = {
        operation["operationId"]
        for item in app.openapi()["paths"].values()
        for operation in item.values()
    }
    assert {ACCOUNT_ENDING, *RULES_ACROSS_FIELDS, *SEEDED_FIELDS} <= ids
