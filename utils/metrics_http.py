"""Prometheus over HTTP: the request-timing middleware and the `/metrics` page.

`install_metrics` adds both only when `METRICS_ENABLED` (by default: in production); without
it nothing of this runs on a request. `/metrics` sits outside `/api/v1`, unauthenticated and
out of the OpenAPI document (it is for the scraper, not for API clients): it must not be
reachable from the internet (README, "Serving in production").
"""

import os
import time
from collections.abc import Callable

import structlog
from fastapi import FastAPI
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from database.engine import Database
from services import outbox
from utils.metrics import OUTBOX_MESSAGES, REQUEST_DURATION, REQUESTS, watch_pools

# Labels for what no route template names, so a scan of random paths or made-up methods
# cannot grow the number of series.
UNMATCHED_ROUTE = "unmatched"
OTHER_METHOD = "other"
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
MULTIPROCESS_DIRECTORY = "PROMETHEUS_MULTIPROC_DIR"

logger = structlog.get_logger(__name__)

Observe = Callable[[float], None]


class MetricsMiddleware:
    """Counts and times every HTTP request by method, route template and status.

    The router records the matched route in the scope (`scope["route"]`, shared with this
    middleware), so the template is read after the app has answered. The labelled children are
    looked up once per series and kept, which keeps a request's cost to two increments.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._series: dict[tuple[str, str, int], Observe] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # what the client gets when the app fails before answering

        async def send_recording_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_recording_status)
        finally:
            self._observe(scope, status, time.perf_counter() - started)

    def _observe(self, scope: Scope, status: int, seconds: float) -> None:
        method = scope["method"] if scope["method"] in KNOWN_METHODS else OTHER_METHOD
        key = (method, route_template(scope), status)
        observe = self._series.get(key)
        if observe is None:
            observe = self._series[key] = _series(*key)
        observe(seconds)


def route_template(scope: Scope) -> str:
    """The matched route's full path template (`/api/v1/jobs/{job_id}`), or `unmatched`.

    FastAPI keeps included routers nested, so `scope["route"]` holds the route as its own
    router declared it (`/jobs/{job_id}`); the full template is on the context FastAPI records
    for the match. tests/utils/test_metrics_http.py pins this against FastAPI upgrades.
    """
    matched = scope.get("fastapi", {}).get("effective_route_context")
    template = getattr(matched, "path_format", None) or getattr(scope.get("route"), "path", None)
    return template if isinstance(template, str) else UNMATCHED_ROUTE


def _series(method: str, route: str, status: int) -> Observe:
    requests = REQUESTS.labels(method=method, route=route, status=str(status))
    duration = REQUEST_DURATION.labels(method=method, route=route, status=str(status))

    def observe(seconds: float) -> None:
        requests.inc()
        duration.observe(seconds)

    return observe


def _registry() -> CollectorRegistry:
    if MULTIPROCESS_DIRECTORY not in os.environ:
        return REGISTRY
    # The library's recipe: a fresh registry per scrape that reads every process's files.
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


async def _count_outbox(database: Database) -> None:
    try:
        async with database.session(read_only=True) as session:
            counts = await outbox.count_unfinished(session)
    except Exception:  # a scrape must still show the request metrics while the database is down
        logger.warning("metrics_outbox_count_failed", exc_info=True)
        return
    for status, count in counts.items():
        OUTBOX_MESSAGES.labels(status=status.value).set(count)


async def metrics_page(request: Request) -> Response:
    """The Prometheus text format; the outbox is counted now, so its gauge is never stale."""
    await _count_outbox(request.app.state.database)
    # Reading every worker's files is blocking file I/O: off the event loop.
    body = await run_in_threadpool(generate_latest, _registry())
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def install_metrics(app: FastAPI, database: Database) -> None:
    """Serve `/metrics` and time every request; call after every other middleware is added, so
    the timing covers them all (CORS preflights and 413s included)."""
    watch_pools(database)
    app.add_api_route("/metrics", metrics_page, methods=["GET"], include_in_schema=False)
    app.add_middleware(MetricsMiddleware)


def forget_this_process() -> None:
    """On a worker's shutdown: drop its live gauges (connections in use) from the shared
    directory, so the sum covers live workers only. Its counters stay: totals never go down."""
    if MULTIPROCESS_DIRECTORY in os.environ:
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
