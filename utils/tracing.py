"""OpenTelemetry tracing, on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.

One trace per request: the FastAPI instrumentation opens the server span, and every SQL
statement and provider call made while serving the request is a span beneath it. Spans go in
batches to a collector over OTLP/HTTP with protobuf (the http exporter needs `requests`; the
gRPC one would bring grpcio, a large native package, for the same data).

Everything is instrumented per app and per engine or client, never by patching libraries for
the whole process, so a process (a test run) can hold apps with and without tracing, each
with its own tracer provider. The log lines of a traced request carry its ids
(utils/logging.py).
"""

from fastapi import FastAPI
from httpx import AsyncClient
from opentelemetry import metrics, trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.instrumentation.sqlalchemy.version import __version__ as sqlalchemy_version
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from config import Settings
from database.engine import Database

# Probes and scrapes every few seconds would drown the traces that matter.
UNTRACED_URLS = "/healthz$,/readyz$,/metrics$"
TRACES_PATH = "/v1/traces"
# The instrumentation scope its own instrumentor would give the SQL spans.
SQLALCHEMY_SCOPE = "opentelemetry.instrumentation.sqlalchemy"


def build_tracer_provider(settings: Settings) -> TracerProvider | None:
    """The exporting provider for `OTEL_EXPORTER_OTLP_ENDPOINT`, or None when it is unset.

    The endpoint is the collector's base URL, as the OpenTelemetry specification defines the
    variable; the exporter's other variables (`OTEL_EXPORTER_OTLP_HEADERS`, `..._TIMEOUT`,
    `OTEL_RESOURCE_ATTRIBUTES`) are read by the SDK itself.
    """
    if settings.otel_exporter_otlp_endpoint is None:
        return None
    resource = Resource.create({SERVICE_NAME: settings.otel_service_name})
    provider = TracerProvider(resource=resource)
    endpoint = settings.otel_exporter_otlp_endpoint.rstrip("/") + TRACES_PATH
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    return provider


def _trace_engine(database: Database, provider: trace.TracerProvider) -> None:
    # SQLAlchemyInstrumentor().instrument(engine=...) would also patch create_engine for the
    # whole process, and refuses a second call (a second app); its EngineTracer, which it
    # attaches to the engine, does exactly the per-engine part. The instrumentation's own
    # pool metrics are not wanted (utils/metrics.py keeps that gauge): a no-op meter.
    tracer = trace.get_tracer(SQLALCHEMY_SCOPE, sqlalchemy_version, provider)
    meter = metrics.NoOpMeterProvider().get_meter(SQLALCHEMY_SCOPE)
    unused_pool_counter = meter.create_up_down_counter("db.client.connections.usage")
    for engine in database.engines().values():
        EngineTracer(tracer, engine.sync_engine, unused_pool_counter)  # type: ignore[no-untyped-call]


def instrument_app(app: FastAPI, database: Database, provider: trace.TracerProvider) -> None:
    """Trace the app's requests and the SQL of its engines with `provider`."""
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls=UNTRACED_URLS)
    _trace_engine(database, provider)


def instrument_http_client(client: AsyncClient, provider: trace.TracerProvider | None) -> None:
    """Trace the calls of one httpx client (the email provider's), when tracing is on."""
    if provider is not None:
        HTTPXClientInstrumentor.instrument_client(client, tracer_provider=provider)
