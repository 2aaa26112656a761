"""Driving outbox delivery in tests: workers on a stand-in provider, a clock, rows to read.

The suite runs with the embedded worker off; a test delivers by calling `run_once` on a worker
built here, so nothing is sent in the background and no test waits on a timer.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import FastAPI
from httpx import AsyncClient
from pydantic import SecretStr
from sqlalchemy import select

from config import Settings
from database.engine import Database
from database.models import OutboxMessage
from database.types import utcnow
from services.email_delivery import OutboxWorker
from tests.helpers.provider import StandInProvider
from utils.circuit_breaker import CircuitBreaker
from utils.email_http import HttpEmailSender

REQUEST_RESET = "/api/v1/auth/password-reset/request"
CONFIRM_RESET = "/api/v1/auth/password-reset/confirm"
_TOKEN_IN_LINK = re.compile(r"#token=([A-Za-z0-9_-]+)")


@dataclass
class FakeClock:
    """Wall time for the worker (real time plus what the test skipped) and monotonic time
    for the breaker (only what the test skipped), moved forward by hand."""

    skipped: float = 0.0

    def __call__(self) -> datetime:
        return utcnow() + timedelta(seconds=self.skipped)

    def monotonic(self) -> float:
        return self.skipped

    def advance(self, seconds: float) -> None:
        self.skipped += seconds


async def no_sleep(_seconds: float) -> None:
    """Tenacity's pause between tries, skipped: the backoff policy is not what is under test."""


def provider_settings(settings: Settings, provider: StandInProvider, **changes: object) -> Settings:
    return settings.model_copy(
        update={
            "email_sender": "http",
            "email_provider_url": provider.url,
            "email_provider_api_key": SecretStr("provider-test-key"),
            "email_connect_timeout_seconds": 2.0,
            "email_read_timeout_seconds": 2.0,
            **changes,
        }
    )


def http_worker(
    database: Database,
    settings: Settings,
    provider: StandInProvider,
    *,
    clock: FakeClock | None = None,
    **changes: object,
) -> OutboxWorker:
    """A worker delivering to `provider`, with its own sender, breaker and (optional) clock."""
    clock = clock or FakeClock()
    configured = provider_settings(settings, provider, **changes)
    breaker = CircuitBreaker(
        failure_threshold=configured.email_breaker_failures,
        cooldown_seconds=configured.email_breaker_cooldown_seconds,
        clock=clock.monotonic,
    )
    sender = HttpEmailSender(settings=configured, breaker=breaker, sleep=no_sleep)
    return OutboxWorker(database=database, settings=configured, sender=sender, clock=clock)


async def outbox_rows(app: FastAPI) -> Sequence[OutboxMessage]:
    database: Database = app.state.database
    async with database.session(read_only=True) as session:
        statement = select(OutboxMessage).order_by(OutboxMessage.created_at)
        return (await session.scalars(statement)).all()


async def request_reset(client: AsyncClient, email: str) -> None:
    response = await client.post(REQUEST_RESET, json={"email": email})
    assert response.status_code == 202, response.text


def reset_token(text: str) -> str:
    """The token in the reset link of a delivered email."""
    found = _TOKEN_IN_LINK.search(text)
    assert found is not None, "no reset link in the message"
    return found.group(1)
