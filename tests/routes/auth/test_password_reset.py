"""Password reset over HTTP: request, delivery through a stand-in provider, confirmation."""

import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import update

from config import Settings
from database.models import OutboxStatus, PasswordResetToken
from database.types import utcnow
from services.email_delivery import OutboxWorker
from tests.helpers.accounts import AccountFactory
from tests.helpers.auth import AUTH, CHANGE_PASSWORD, ME, bearer
from tests.helpers.outbox import (
    CONFIRM_RESET,
    REQUEST_RESET,
    http_worker,
    outbox_rows,
    reset_token,
)
from tests.helpers.problems import assert_problem, assert_unauthorized, assert_validation_error
from tests.helpers.provider import StandInProvider, stand_in_provider

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
async def provider() -> AsyncIterator[StandInProvider]:
    async with stand_in_provider() as running:
        yield running


@pytest.fixture
def worker(app: FastAPI, settings: Settings, provider: StandInProvider) -> OutboxWorker:
    return http_worker(app.state.database, settings, provider)


async def request_and_deliver(
    client: AsyncClient, worker: OutboxWorker, provider: StandInProvider, email: str
) -> str:
    response = await client.post(REQUEST_RESET, json={"email": email})
    assert response.status_code == 202, response.text
    await worker.run_once()
    return reset_token(provider.accepted[-1]["text"])


async def assert_refused(client: AsyncClient, token: str) -> None:
    """Confirming with `token` is a 400 `bad_request`, whatever makes the token unusable."""
    body = {"token": token, "new_password": "any new password"}
    assert_problem(await client.post(CONFIRM_RESET, json=body), 400, "bad_request")


async def test_reset_end_to_end(
    client: AsyncClient, users: AccountFactory, worker: OutboxWorker, provider: StandInProvider
) -> None:
    user = await users.create(email="ada.reset@example.com")
    token = await request_and_deliver(client, worker, provider, "  Ada.Reset@EXAMPLE.com")
    assert provider.accepted[0]["to"] == user.email
    assert provider.headers[0]["authorization"] == "Bearer provider-test-key"

    body = {"token": token, "new_password": NEW_PASSWORD}
    confirmed = await client.post(CONFIRM_RESET, json=body)
    assert confirmed.status_code == 204, confirmed.text
    assert_unauthorized(await client.get(ME, headers=bearer(user.access_token)))
    refreshed = await client.post(f"{AUTH}/refresh", json={"refresh_token": user.refresh_token})
    assert_unauthorized(refreshed)
    old = await client.post(f"{AUTH}/login", json={"email": user.email, "password": user.password})
    assert_unauthorized(old)
    new = await client.post(f"{AUTH}/login", json={"email": user.email, "password": NEW_PASSWORD})
    assert new.status_code == 200

    await assert_refused(client, token)


async def test_unknown_email_is_accepted_and_nothing_is_sent(
    app: FastAPI, client: AsyncClient, worker: OutboxWorker, provider: StandInProvider
) -> None:
    response = await client.post(REQUEST_RESET, json={"email": "nobody@example.com"})
    assert response.status_code == 202
    assert response.content == b""
    assert await worker.run_once() == 1
    assert provider.requests == 0
    assert [row.status for row in await outbox_rows(app)] == [OutboxStatus.SKIPPED]


async def test_expired_token_is_refused(
    app: FastAPI,
    client: AsyncClient,
    users: AccountFactory,
    worker: OutboxWorker,
    provider: StandInProvider,
) -> None:
    user = await users.create()
    token = await request_and_deliver(client, worker, provider, user.email)
    async with app.state.database.session() as session:
        await session.execute(
            update(PasswordResetToken).values(expires_at=utcnow() - timedelta(seconds=1))
        )
        await session.commit()
    await assert_refused(client, token)


async def test_a_newer_request_and_a_password_change_retire_older_links(
    client: AsyncClient, users: AccountFactory, worker: OutboxWorker, provider: StandInProvider
) -> None:
    user = await users.create()
    first = await request_and_deliver(client, worker, provider, user.email)
    second = await request_and_deliver(client, worker, provider, user.email)
    await assert_refused(client, first)

    changed = await client.post(
        CHANGE_PASSWORD,
        json={"current_password": user.password, "new_password": NEW_PASSWORD},
        headers=user.headers,
    )
    assert changed.status_code == 204
    await assert_refused(client, second)


async def test_deactivated_accounts_get_no_email_and_cannot_confirm(
    client: AsyncClient, users: AccountFactory, worker: OutboxWorker, provider: StandInProvider
) -> None:
    user = await users.create()
    token = await request_and_deliver(client, worker, provider, user.email)
    admin = await users.admin()
    path = f"/api/v1/users/{user.id}"
    deactivated = await client.patch(path, json={"is_active": False}, headers=admin.headers)
    assert deactivated.status_code == 200, deactivated.text
    await assert_refused(client, token)
    await client.post(REQUEST_RESET, json={"email": user.email})
    await worker.run_once()
    assert len(provider.accepted) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({}, "email"),
    ],
)
async def test_request_needs_a_well_formed_email(
    client: AsyncClient, body: dict[str, str], field: str
) -> None:
    assert_validation_error(await client.post(REQUEST_RESET, json=body), field=field)


async def test_confirm_never_logs_or_echoes_the_token_or_the_password(
    client: AsyncClient,
    users: AccountFactory,
    worker: OutboxWorker,
    provider: StandInProvider,
    caplog: pytest.LogCaptureFixture,
) -> None:
    token = await request_and_deliver(client, worker, provider, (await users.create()).email)
    caplog.set_level(logging.DEBUG)
    body = {"token": token, "new_password": NEW_PASSWORD}
    assert (await client.post(CONFIRM_RESET, json=body)).status_code == 204
    unknown = await client.post(CONFIRM_RESET, json=body | {"token": "made-up-token"})
    assert_problem(unknown, 400, "bad_request")
    assert NEW_PASSWORD not in unknown.text
    logged = "\n".join(str(record.msg) for record in caplog.records)
    assert "password_reset" in logged
    assert token not in logged and "made-up-token" not in logged and NEW_PASSWORD not in logged
    short = await client.post(CONFIRM_RESET, json={"token": "t", "new_password": "shrt pw"})
    assert_validation_error(short, field="new_password", secret="shrt pw")
