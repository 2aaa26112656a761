"""Rate limits shared through real Redis: only when TEST_REDIS_URL names one (`.ci/run` does).

Each test counts under keys of this run only (`RUN_PREFIX`) and deletes them afterwards.
"""

import os
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

from config import Settings
from tests.helpers.problems import assert_problem
from tests.helpers.rate_limits import (
    client_of,
    delete_run_keys,
    limited_app,
    limited_settings,
    login,
    run_keys,
    token,
)

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_REDIS_URL"), reason="set TEST_REDIS_URL to run on real Redis"
)


@pytest.fixture
async def redis_url(app: FastAPI) -> AsyncIterator[str]:
    """TEST_REDIS_URL, this run's keys deleted after the test (`app`: tables emptied too)."""
    url = os.environ["TEST_REDIS_URL"]
    yield url
    await delete_run_keys(url)


@pytest.fixture
def shared_limits(settings: Settings, redis_url: str) -> Settings:
    """Limits at their defaults, counted in that Redis."""
    return limited_settings(settings, redis_url=redis_url)


async def test_two_apps_share_one_count(shared_limits: Settings) -> None:
    """Two processes (here two apps) answer one client: the eleventh attempt is refused by
    whichever answers it."""
    async with (
        limited_app(shared_limits) as first,
        limited_app(shared_limits) as second,
        client_of(first) as one,
        client_of(second) as other,
    ):
        for _ in range(5):
            assert (await login(one, "victim@example.test")).status_code == 401
            assert (await token(other, "victim@example.test")).status_code == 401
        assert_problem(await login(one, "victim@example.test"), 429, "rate_limited")
        refused = await login(other, "victim@example.test")
        assert_problem(refused, 429, "rate_limited")
        assert 1 <= int(refused.headers["retry-after"]) <= 60


async def test_per_ip_count_is_shared_too(settings: Settings, redis_url: str) -> None:
    limits = limited_settings(settings, redis_url=redis_url, auth_ip_rate_limit="2/minute")
    async with (
        limited_app(limits) as first,
        limited_app(limits) as second,
        client_of(first) as one,
        client_of(second) as other,
    ):
        assert (await login(one, "a@example.test")).status_code == 401
        assert (await login(other, "b@example.test")).status_code == 401
        assert_problem(await login(one, "c@example.test"), 429, "rate_limited")


async def test_keys_carry_the_prefix_and_no_address(
    shared_limits: Settings, redis_url: str
) -> None:
    async with limited_app(shared_limits) as application, client_of(application) as client:
        await login(client, "victim@example.test")
    keys = [key.decode() for key in await run_keys(redis_url)]
    assert keys
    assert all(key.startswith(f"{shared_limits.rate_limit_key_prefix}:") for key in keys)
    assert not any("victim" in key for key in keys)
