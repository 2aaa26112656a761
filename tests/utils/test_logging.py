"""One structured access line per request, with request and user ids, and no secrets."""

import json
import logging

import pytest
import structlog
from httpx import AsyncClient

from config import Settings
from tests.helpers.accounts import AccountFactory
from utils.logging import configure_logging


def access_lines(records: list[logging.LogRecord]) -> list[dict[str, object]]:
    return [
        record.msg
        for record in records
        if isinstance(record.msg, dict) and record.msg.get("event") == "request_finished"
    ]


async def test_access_line_carries_request_and_user(
    client: AsyncClient, users: AccountFactory, caplog: pytest.LogCaptureFixture
) -> None:
    user = await users.create()
    caplog.set_level(logging.INFO)
    response = await client.get(
        "/api/v1/auth/me", headers={**user.headers, "X-Request-ID": "req-42"}
    )
    assert response.status_code == 200
    [line] = access_lines(caplog.records)
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/auth/me"
    assert line["status"] == 200
    assert line["request_id"] == "req-42"
    assert line["user_id"] == str(user.id)
    assert isinstance(line["duration_ms"], float)


async def test_passwords_and_tokens_never_logged(
    client: AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    password = "very-secret-password-1"
    await client.post(
        "/api/v1/auth/register",
        json={"email": "logs@example.com", "password": password, "full_name": "Logs"},
    )
    login = await client.post(
        "/api/v1/auth/login", json={"email": "logs@example.com", "password": password}
    )
    token = login.json()["access_token"]
    everything = "\n".join(str(record.msg) for record in caplog.records)
    assert password not in everything
    assert token not in everything


def test_json_format_writes_one_json_object_per_line(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(settings.model_copy(update={"log_format": "json", "log_level": "INFO"}))
    try:
        logging.getLogger("talent_hub.test").info("plain stdlib record")
        structlog.get_logger("talent_hub.test").info("job_created", job_id="j-1")
        lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
        parsed = [json.loads(line) for line in lines]
        assert {"event": "job_created", "job_id": "j-1"}.items() <= parsed[-1].items()
        assert parsed[-1]["level"] == "info"
        assert "timestamp" in parsed[-1]
        assert parsed[0]["event"] == "plain stdlib record"
    finally:
        configure_logging(settings)


def test_uvicorn_access_log_is_replaced(settings: Settings) -> None:
    configure_logging(settings)
    assert logging.getLogger("uvicorn.access").disabled


def events(records: list[logging.LogRecord]) -> dict[str, dict[str, object]]:
    return {
        str(record.msg["event"]): record.msg for record in records if isinstance(record.msg, dict)
    }


async def test_state_changes_are_logged_as_events_with_ids(
    client: AsyncClient, users: AccountFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    user = await users.create()
    first = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert first.status_code == 200
    reuse = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert reuse.status_code == 401
    await client.put("/api/v1/profile", json={}, headers=user.headers)
    await client.delete("/api/v1/auth/me", headers=user.headers)
    logged = events(caplog.records)
    assert logged["refresh_token_reused"]["user_id"] == str(user.id)
    assert logged["refresh_token_reused"]["level"] == "warning"
    assert logged["profile_created"]["owner_id"] == str(user.id)
    assert logged["account_deleted"]["user_id"] == str(user.id)
    assert user.refresh_token not in str(logged)
