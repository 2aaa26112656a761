"""Tracing with an in-memory exporter: one trace per request, its SQL beneath it, its logs tied."""

import json
from collections import defaultdict
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_trace_id

from config import Settings
from main import create_app
from tests.helpers.accounts import AccountFactory
from utils.logging import configure_logging
from utils.tracing import build_tracer_provider


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def json_logs(settings: Settings) -> Iterator[Settings]:
    """The suite's settings with JSON lines at INFO; the suite's logging comes back after."""
    yield settings.model_copy(update={"log_format": "json", "log_level": "INFO"})
    configure_logging(settings)


def by_trace(spans: tuple[ReadableSpan, ...]) -> dict[str, list[ReadableSpan]]:
    traces: dict[str, list[ReadableSpan]] = defaultdict(list)
    for span in spans:
        assert span.context is not None
        traces[format_trace_id(span.context.trace_id)].append(span)
    return traces


def descends_from(span: ReadableSpan, root: ReadableSpan, spans: list[ReadableSpan]) -> bool:
    by_id = {member.context.span_id: member for member in spans if member.context is not None}
    parent = span.parent
    while parent is not None:
        if root.context is not None and parent.span_id == root.context.span_id:
            return True
        parent = by_id[parent.span_id].parent if parent.span_id in by_id else None
    return False


async def test_one_trace_per_request_with_its_sql_and_its_log_lines(
    app: FastAPI,
    users: AccountFactory,
    json_logs: Settings,
    exporter: InMemorySpanExporter,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user = await users.create()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    traced = create_app(json_logs, tracer_provider=provider)
    capsys.readouterr()
    try:
        async with AsyncClient(transport=ASGITransport(app=traced), base_url="http://t") as http:
            for request_id in ("first", "second"):
                headers = {**user.headers, "X-Request-ID": request_id}
                assert (await http.get("/api/v1/auth/me", headers=headers)).status_code == 200
    finally:
        await traced.state.database.dispose()
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line[:1] == "{"]

    traces = by_trace(exporter.get_finished_spans())
    assert len(traces) == 2
    for request_id in ("first", "second"):
        [trace_id] = {line["trace_id"] for line in lines if line.get("request_id") == request_id}
        spans = traces[trace_id]
        [root] = [span for span in spans if span.parent is None]
        assert root.kind is SpanKind.SERVER
        assert root.attributes is not None
        assert root.attributes.get("http.route") == "/api/v1/auth/me"
        sql = [span for span in spans if span.attributes and "db.system" in span.attributes]
        assert sql, [span.name for span in spans]
        assert all(descends_from(span, root, spans) for span in sql)


def test_only_an_endpoint_builds_an_exporting_provider(settings: Settings) -> None:
    assert build_tracer_provider(settings) is None
    configured = settings.model_copy(
        update={"otel_exporter_otlp_endpoint": "http://collector.invalid:4318/"}
    )
    provider = build_tracer_provider(configured)
    assert provider is not None
    assert provider.resource.attributes["service.name"] == "talent-hub"
    provider.shutdown()
