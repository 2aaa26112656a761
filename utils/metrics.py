"""What the app measures for Prometheus, and the database pool watch that keeps one gauge.

The metrics live in prometheus_client's process-wide registry, as the library intends, so the
outbox worker and the rate limiter count wherever they run. Several processes (`make serve`)
add up through the library's multiprocess mode: with `PROMETHEUS_MULTIPROC_DIR` set before
the process starts, every process writes its values to files there and a scrape of any one
worker reads them all (utils/metrics_http.py). Each gauge says how processes combine:
connections in use add up over the live processes (`livesum`); the outbox counts are one
database-wide fact that the scraping worker reads (`mostrecent`).

Every label has a bounded set of values: route templates, never raw paths; known methods;
message kinds; the rate limits' names.
"""

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import Engine, event

from database.engine import Database

REQUESTS = Counter(
    "talent_hub_http_requests_total",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
REQUEST_DURATION = Histogram(
    "talent_hub_http_request_duration_seconds",
    "Time from receiving a request to sending the last of its response.",
    ["method", "route", "status"],
    # From a cached read (a few ms) to an argon2 sign-in under load (seconds).
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DB_CONNECTIONS_IN_USE = Gauge(
    "talent_hub_db_connections_in_use",
    "Database connections checked out of the pool, by pool (primary; read on SQLite).",
    ["pool"],
    multiprocess_mode="livesum",
)
OUTBOX_MESSAGES = Gauge(
    "talent_hub_outbox_messages",
    "Outbox messages still to deliver (pending) or given up (dead), counted at scrape time.",
    ["status"],
    multiprocess_mode="mostrecent",
)
OUTBOX_DELIVERY_FAILURES = Counter(
    "talent_hub_outbox_delivery_failures_total",
    "Failed deliveries of outbox messages: retried later (retry) or given up (dead).",
    ["kind", "outcome"],
)
RATE_LIMIT_REFUSALS = Counter(
    "talent_hub_rate_limit_refusals_total",
    "Requests refused with 429, by the limit that refused them.",
    ["limit"],
)


def _count_connections(engine: Engine, gauge: Gauge) -> None:
    # Pool events run for every checkout and return, whoever holds the connection.
    event.listen(engine, "checkout", lambda *_: gauge.inc())
    event.listen(engine, "checkin", lambda *_: gauge.dec())


def watch_pools(database: Database) -> None:
    """Keep `talent_hub_db_connections_in_use` current for each of the database's pools."""
    for name, engine in database.engines().items():
        _count_connections(engine.sync_engine, DB_CONNECTIONS_IN_USE.labels(pool=name))
