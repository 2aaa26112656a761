"""`/metrics`: request counts by route template and status, exactly, and what stays private."""

import uuid
from collections import Counter
from pathlib import Path

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from structlog.testing import capture_logs

from config import Settings
from tests.helpers.accounts import AccountFactory
from tests.helpers.jobs import job_path, open_job
from tests.helpers.metrics import (
    DURATION_COUNT,
    metrics_app,
    requests_by_series,
    scrape,
)
from utils.metrics_http import MetricsMiddleware

JOB_TEMPLATE = "/api/v1/jobs/{job_id}"


async def test_counts_match_the_requests_by_route_template_and_status(
    app: FastAPI, settings: Settings, users: AccountFactory
) -> None:
    owner = await users.create()
    async with metrics_app(settings) as application:
        transport = ASGITransport(app=application)
        async with AsyncClient(transport=transport, base_url="http://testserver") as http:
            job = await open_job(http, owner)
            before = await scrape(http)
            # (method, path, the route template it must be counted under, headers)
            sent = [
                ("GET", job_path(job["id"]), JOB_TEMPLATE, owner.headers),
                ("GET", job_path(job["id"]), JOB_TEMPLATE, owner.headers),
                ("GET", job_path(str(uuid.uuid4())), JOB_TEMPLATE, owner.headers),
                ("GET", job_path(str(uuid.uuid4())), JOB_TEMPLATE, {}),
                ("GET", "/healthz", "/healthz", {}),
                ("DELETE", "/healthz", "/healthz", {}),
                ("GET", f"/no/such/{uuid.uuid4()}", "unmatched", {}),
                ("GET", f"/api/v1/{uuid.uuid4()}", "unmatched", {}),
            ]
            expected: Counter[tuple[str, str, str]] = Counter()
            for method, path, template, headers in sent:
                response = await http.request(method, path, headers=headers)
                expected[method, template, str(response.status_code)] += 1
            invented = await http.request("BREW", "/healthz")
            expected["other", "/healthz", str(invented.status_code)] += 1
            after = await scrape(http)

    # The raw paths fold into their templates; the statuses keep them apart.
    assert {status for (_, route, status) in expected if route == JOB_TEMPLATE} == {
        "200",
        "401",
        "404",
    }
    assert requests_by_series(before, after) == expected
    assert requests_by_series(before, after, DURATION_COUNT) == expected


async def test_the_page_is_prometheus_text_kept_out_of_the_api_document(
    settings: Settings,
) -> None:
    async with metrics_app(settings) as application:
        transport = ASGITransport(app=application)
        async with AsyncClient(transport=transport, base_url="http://testserver") as http:
            page = await http.get("/metrics")
            spec = (await http.get("/openapi.json")).json()
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/plain; version=")
    assert page.headers["cache-control"] == "no-store"
    assert "talent_hub_db_connections_in_use" in page.text
    assert "/metrics" not in spec["paths"]


async def test_off_by_default_outside_production(shared_app: FastAPI, client: AsyncClient) -> None:
    assert (await client.get("/metrics")).status_code == 404
    installed: list[object] = [entry.cls for entry in shared_app.user_middleware]
    assert MetricsMiddleware not in installed


async def test_the_page_still_answers_while_the_database_is_down(
    settings: Settings, tmp_path: Path
) -> None:
    unreachable = settings.model_copy(
        update={"database_url": f"sqlite+aiosqlite:///{tmp_path}/missing/dir/app.db"}
    )
    async with metrics_app(unreachable) as application:
        transport = ASGITransport(app=application)
        async with AsyncClient(transport=transport, base_url="http://testserver") as http:
            with capture_logs() as logs:
                page = await http.get("/metrics")
    assert page.status_code == 200
    assert "talent_hub_http_requests_total" in page.text
    assert "metrics_outbox_count_failed" in [line["event"] for line in logs]
