"""Rate limits on the auth routes, on the in-process store (Redis: test_rate_limits_redis.py).

Windows are a minute long and no test waits for one to pass: each counts to its limit inside
one window, on an app of its own with a counter namespace of its own.
"""

from typing import Any

import pytest
from fastapi import FastAPI
from structlog.testing import capture_logs
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from config import Settings
from services import auth as auth_service
from tests.helpers.accounts import AccountFactory
from tests.helpers.problems import assert_problem
from tests.helpers.rate_limits import (
    client_of,
    closed_port,
    limited_app,
    limited_settings,
    login,
    recorded_sql,
    token,
)
from utils.rate_limits import retry_after_seconds

REGISTER = "/api/v1/auth/register"


def new_account(number: int) -> dict[str, str]:
    return {"email": f"new{number}@example.test", "password": "long enough", "full_name": "N"}


@pytest.fixture
def limits_on(app: FastAPI, settings: Settings) -> Settings:
    """Limits at their defaults; depending on `app` empties the tables after the test."""
    return limited_settings(settings)


async def test_eleventh_attempt_for_one_email_is_refused(limits_on: Settings) -> None:
    async with limited_app(limits_on) as application, client_of(application) as client:
        for _ in range(10):
            assert (await login(client, "victim@example.test")).status_code == 401
        refused = await login(client, "victim@example.test")
        assert_problem(refused, 429, "rate_limited")
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        # Another address from the same client has its own count.
        assert (await login(client, "someone-else@example.test")).status_code == 401


async def test_login_and_token_share_one_count_per_email(limits_on: Settings) -> None:
    async with limited_app(limits_on) as application, client_of(application) as client:
        for _ in range(5):
            assert (await login(client, "victim@example.test")).status_code == 401
            assert (await token(client, "victim@example.test")).status_code == 401
        assert_problem(await token(client, "victim@example.test"), 429, "rate_limited")
        assert_problem(await login(client, "victim@example.test"), 429, "rate_limited")


async def test_email_key_ignores_case_and_spaces(limits_on: Settings) -> None:
    spellings = ["Victim@Example.test", " victim@example.TEST", "VICTIM@EXAMPLE.TEST"]
    async with limited_app(limits_on) as application, client_of(application) as client:
        for attempt in range(10):
            await login(client, spellings[attempt % len(spellings)])
        assert_problem(await login(client, "victim@example.test"), 429, "rate_limited")


async def test_email_count_is_per_client_address(limits_on: Settings) -> None:
    async with limited_app(limits_on) as application:
        async with client_of(application, address="203.0.113.1") as first:
            for _ in range(10):
                await login(first, "victim@example.test")
            assert_problem(await login(first, "victim@example.test"), 429, "rate_limited")
        async with client_of(application, address="203.0.113.2") as second:
            assert (await login(second, "victim@example.test")).status_code == 401


async def test_successful_logins_count_too(limits_on: Settings, users: AccountFactory) -> None:
    account = await users.create()
    body = {"email": account.email, "password": account.password}
    async with limited_app(limits_on) as application, client_of(application) as client:
        for _ in range(10):
            assert (await client.post("/api/v1/auth/login", json=body)).status_code == 200
        assert_problem(await client.post("/api/v1/auth/login", json=body), 429, "rate_limited")


async def test_per_ip_limit_spans_every_auth_route(app: FastAPI, settings: Settings) -> None:
    limits = limited_settings(settings, auth_ip_rate_limit="3/minute")
    async with limited_app(limits) as application, client_of(application) as client:
        assert (await client.post(REGISTER, json=new_account(1))).status_code == 201
        assert (await login(client, "a@example.test")).status_code == 401
        assert (await token(client, "b@example.test")).status_code == 401
        assert_problem(await client.post(REGISTER, json=new_account(2)), 429, "rate_limited")
        assert_problem(await login(client, "c@example.test"), 429, "rate_limited")
        async with client_of(application, address="203.0.113.7") as other:
            assert (await other.post(REGISTER, json=new_account(3))).status_code == 201


async def test_refused_request_does_no_work(
    app: FastAPI, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No password hashed or checked, no statement sent, not even a BEGIN."""
    password_work: list[str] = []

    async def spy(*_args: Any) -> Any:
        password_work.append("called")
        raise AssertionError("a refused request must not touch passwords")

    limits = limited_settings(settings, auth_ip_rate_limit="1/minute")
    async with limited_app(limits) as application, client_of(application) as client:
        assert (await login(client, "a@example.test")).status_code == 401
        for name in ("hash_password", "verify_password", "burn_verification_time"):
            monkeypatch.setattr(auth_service, name, spy)
        with recorded_sql(application) as statements:
            assert_problem(await client.post(REGISTER, json=new_account(1)), 429, "rate_limited")
            assert_problem(await login(client, "a@example.test"), 429, "rate_limited")
            assert_problem(await token(client, "a@example.test"), 429, "rate_limited")
        assert statements == []
        assert password_work == []


async def test_forwarded_for_from_a_client_changes_nothing(
    app: FastAPI, settings: Settings
) -> None:
    limits = limited_settings(settings, auth_ip_rate_limit="2/minute")
    async with limited_app(limits) as application, client_of(application) as client:
        for number in range(2):
            forged = {"X-Forwarded-For": f"198.51.100.{number}"}
            assert (await login(client, "a@example.test", headers=forged)).status_code == 401
        forged = {"X-Forwarded-For": "198.51.100.99"}
        assert_problem(await login(client, "a@example.test", headers=forged), 429, "rate_limited")


async def test_forwarded_for_counts_only_from_a_trusted_proxy(
    app: FastAPI, settings: Settings
) -> None:
    """What `--proxy-headers --forwarded-allow-ips` does in uvicorn, in front of the app."""
    limits = limited_settings(settings, auth_ip_rate_limit="1/minute")
    async with limited_app(limits) as application:
        # uvicorn types ASGI apps more narrowly than Starlette declares them.
        behind_proxy = ProxyHeadersMiddleware(application, trusted_hosts="10.0.0.1")  # type: ignore[arg-type]
        async with client_of(behind_proxy, address="10.0.0.1") as proxy:
            for number in range(3):  # three clients, each its own count
                forwarded = {"X-Forwarded-For": f"198.51.100.{number}"}
                response = await login(proxy, "a@example.test", headers=forwarded)
                assert response.status_code == 401
        async with client_of(behind_proxy, address="203.0.113.5") as untrusted:
            for number in range(2):  # not the proxy: its header is ignored, its address counts
                forwarded = {"X-Forwarded-For": f"198.51.100.{10 + number}"}
                response = await login(untrusted, "a@example.test", headers=forwarded)
            assert_problem(response, 429, "rate_limited")


async def test_disabled_limits_nothing(app: FastAPI, settings: Settings) -> None:
    limits = limited_settings(settings, rate_limit_enabled=False, auth_rate_limit="1/minute")
    async with limited_app(limits) as application, client_of(application) as client:
        for _ in range(3):
            assert (await login(client, "a@example.test")).status_code == 401


async def test_unreachable_redis_lets_requests_through_and_logs(
    app: FastAPI, settings: Settings
) -> None:
    limits = limited_settings(
        settings,
        redis_url=f"redis://127.0.0.1:{closed_port()}/0",
        auth_ip_rate_limit="1/minute",
        auth_rate_limit="1/minute",
    )
    async with limited_app(limits) as application, client_of(application) as client:
        with capture_logs() as events:
            for _ in range(3):
                assert (await login(client, "a@example.test")).status_code == 401
    failures = [event for event in events if event["event"] == "rate_limit_store_unavailable"]
    assert len(failures) == 6  # both limits of each of the three attempts
    assert {event["log_level"] for event in failures} == {"error"}
    assert {event["decision"] for event in failures} == {"allowed"}


@pytest.mark.parametrize(
    ("seconds_left", "expected"), [(0.2, 1), (0.0, 1), (-3.0, 1), (1.0, 1), (59.01, 60)]
)
def test_retry_after_is_whole_seconds_never_zero(seconds_left: float, expected: int) -> None:
    assert retry_after_seconds(1000.0 + seconds_left, now=1000.0) == expected
