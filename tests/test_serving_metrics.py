"""`/metrics` under `uvicorn --workers 2` in the library's multiprocess mode.

Whichever worker answers a scrape, it reports every worker's requests: the totals equal what
was sent. SQLite only: the database plays no part in the counts.
"""

import asyncio
import contextlib
from pathlib import Path

import httpx

from tests.helpers.metrics import parse, requests_by_series
from tests.helpers.serving import Server, migrate, serving

WORKERS = 2
# Refused without a token (401): a route of its own, apart from the readiness probe's /healthz.
ME = "/api/v1/auth/me"
WAVE = 20  # requests per wave, each on a new connection
MAX_WAVES = 10  # a bound: the kernel may give one worker a whole wave on a busy machine
SCRAPES = 5


async def send_until_both_workers_served(server: Server, stack: contextlib.AsyncExitStack) -> int:
    """Waves of requests on fresh connections, kept open so the sockets show who served them,
    until every worker holds some; returns how many requests were sent."""
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    sent = 0
    for _ in range(MAX_WAVES):
        http = await stack.enter_async_context(
            httpx.AsyncClient(base_url=server.base_url, timeout=60, limits=limits)
        )
        responses = await asyncio.gather(*(http.get(ME) for _ in range(WAVE)))
        sent += WAVE
        assert {response.status_code for response in responses} == {401}, server.explain("")
        served_by = server.connections_per_worker()
        if served_by is None or all(served_by.values()):
            return sent
    raise AssertionError(server.explain(f"one worker served every connection: {served_by}"))


async def test_every_scrape_adds_up_the_requests_of_all_workers(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'metrics.db'}"
    await migrate(url)
    directory = tmp_path / "prometheus"
    directory.mkdir()
    env = {"METRICS_ENABLED": "true", "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    async with (
        serving(url, tmp_path / "server.log", workers=WORKERS, env=env) as server,
        contextlib.AsyncExitStack() as stack,
    ):
        sent = await send_until_both_workers_served(server, stack)
        missed = await stack.enter_async_context(httpx.AsyncClient(base_url=server.base_url))
        assert (await missed.get("/no/such/page")).status_code == 404
        pages = []
        for _ in range(SCRAPES):
            # A fresh connection each time, so the scrapes are not all one worker's.
            async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as scraper:
                pages.append((await scraper.get("/metrics")).text)

    expected = {("GET", ME, "401"): sent, ("GET", "unmatched", "404"): 1}
    for page in pages:
        counted = requests_by_series({}, parse(page))
        del counted["GET", "/healthz", "200"]  # the readiness probe before the test's requests
        assert counted == expected, server.explain(page[:3000])
