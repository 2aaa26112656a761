"""Reading Prometheus metrics in tests: apps that serve them, scrapes, and what changed.

The metrics are process-wide (utils/metrics.py), and other tests' apps count into them too, so
a test compares a scrape after its requests with one before them: the difference is exactly
what its own requests did.
"""

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from httpx import AsyncClient
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from config import Settings
from main import create_app

# One sample: its name and its labels, e.g. ("..._total", (("method", "GET"), ...)).
SampleKey = tuple[str, tuple[tuple[str, str], ...]]
REQUESTS = "talent_hub_http_requests_total"
DURATION_COUNT = "talent_hub_http_request_duration_seconds_count"


def parse(text: str) -> dict[SampleKey, float]:
    """Every sample of a Prometheus text page."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape(http: AsyncClient) -> dict[SampleKey, float]:
    response = await http.get("/metrics")
    assert response.status_code == 200, response.text
    return parse(response.text)


def requests_by_series(
    before: dict[SampleKey, float], after: dict[SampleKey, float], name: str = REQUESTS
) -> Counter[tuple[str, str, str]]:
    """How many requests each (method, route, status) gained between two scrapes, leaving
    out the scrapes themselves."""
    gained: Counter[tuple[str, str, str]] = Counter()
    for (sample, labels), value in after.items():
        series = dict(labels)
        if sample != name or series["route"] == "/metrics":
            continue
        increase = value - before.get((sample, labels), 0.0)
        if increase:
            gained[series["method"], series["route"], series["status"]] = int(increase)
    return gained


def value_of(name: str, **labels: str) -> float:
    """A sample of this process's registry right now (0 when it has none yet)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


@asynccontextmanager
async def metrics_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """An app of its own with `/metrics` on, its pools closed afterwards."""
    application = create_app(settings.model_copy(update={"metrics_enabled": True}))
    try:
        yield application
    finally:
        await application.state.database.dispose()
