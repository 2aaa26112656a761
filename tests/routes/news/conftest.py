"""News fixtures: an admin, and an app configured with a webhook secret beside the default
one, which has none (the webhook answers 503 there)."""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from pydantic import SecretStr

from config import Settings
from main import create_app
from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.news import WEBHOOK_SECRET


@pytest.fixture
async def admin(users: AccountFactory) -> Account:
    return await users.admin()


@pytest.fixture(scope="session")
async def webhook_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The app as deployed with a CMS: the same database, NEWS_WEBHOOK_SECRET set."""
    configured = Settings.model_validate(
        {**settings.model_dump(), "news_webhook_secret": SecretStr(WEBHOOK_SECRET)}
    )
    application = create_app(configured)
    yield application
    await application.state.database.dispose()


@pytest.fixture
async def cms(app: FastAPI, webhook_app: FastAPI) -> AsyncIterator[AsyncClient]:
    """A client of `webhook_app`; `app` empties the tables after the test."""
    transport = ASGITransport(app=webhook_app)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
