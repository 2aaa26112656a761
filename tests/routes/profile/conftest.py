"""Fixtures the profile tests share, on top of those in `tests/conftest.py`."""

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.profiles import put_profile


@pytest.fixture
async def profile_owner(client: AsyncClient, users: AccountFactory) -> Account:
    """A signed-in user who has created an empty profile, ready to add entries to."""
    user = await users.create()
    await put_profile(client, user)
    return user
