"""Fixtures the route tests share, on top of those in `tests/conftest.py`."""

import pytest
from httpx import AsyncClient

from tests.factories import TestUser as Account
from tests.factories import UserFactory
from tests.routes.profile_helpers import put_profile


@pytest.fixture
async def profile_owner(client: AsyncClient, users: UserFactory) -> Account:
    """A signed-in user who has created an empty profile, ready to add entries to."""
    user = await users.create()
    await put_profile(client, user)
    return user
