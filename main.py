"""Application factory and the ASGI `app` that `uvicorn main:app` serves."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from opentelemetry.trace import TracerProvider

import routes.applications
import routes.auth
import routes.courses
import routes.jobs
import routes.news
import routes.profile
import routes.proposals
import routes.talents
import routes.users
from config import Settings, get_settings
from database.engine import Database
from services.email_delivery import running_worker
from utils.access import authenticate, operation_id, unmark_public_operations
from utils.error_handlers import install_problem_handlers
from utils.errors import ServiceUnavailable
from utils.logging import configure_logging
from utils.metrics_http import forget_this_process, install_metrics
from utils.openapi_contract import declare_framework_statuses, link_created_resources
from utils.openapi_names import readable_page_names
from utils.problems import document_problem_media_type, error_responses
from utils.rate_limits import build_rate_limiter
from utils.request_context import (
    REQUEST_ID_HEADER,
    BodySizeLimitMiddleware,
    RequestContextMiddleware,
)
from utils.route_precedence import give_concrete_paths_precedence
from utils.tracing import build_tracer_provider, instrument_app

API_PREFIX = "/api/v1"


# Most requested first. FastAPI (0.165) finds a request's route by trying every route of every
# router before the one that serves it, at about 2 us a route: with the 20 routes of auth,
# users and profile ahead of it, the job board (the most requested list) spent a tenth of its
# CPU finding its route. Prefixes never overlap, so the order changes nothing else; the
# documentation keeps its reading order through `DOCUMENTED_TAGS`.
FEATURE_ROUTERS = (
    routes.jobs.router,
    routes.auth.router,
    routes.applications.router,
    routes.talents.router,
    routes.courses.router,
    routes.news.router,
    routes.proposals.router,
    routes.profile.router,
    routes.users.router,
)
# The sections of /docs, in reading order.
DOCUMENTED_TAGS = [
    {"name": "auth", "description": "Accounts, sign-in, tokens and password reset."},
    {"name": "users", "description": "Accounts as admins see and manage them."},
    {"name": "profile", "description": "Your profile."},
    {"name": "experiences", "description": "The work history of your profile."},
    {"name": "educations", "description": "The education of your profile."},
    {"name": "jobs", "description": "Job postings."},
    {"name": "applications", "description": "Applications to jobs, sent and received."},
    {"name": "proposals", "description": "Offers sent to talents."},
    {"name": "talents", "description": "The directory of public profiles."},
    {"name": "courses", "description": "Courses."},
    {"name": "enrollments", "description": "Students of a course."},
    {"name": "news", "description": "News items and the CMS webhook."},
    {"name": "operations", "description": "Health, readiness and metrics probes."},
]


def include_api_routers(app: FastAPI) -> None:
    """Every `/api/v1` route, authenticated unless listed in `utils.access.PUBLIC_OPERATIONS`.

    Each feature router joins the app itself, under the prefix, rather than through one
    `/api/v1` router: FastAPI matches a request once per level of inclusion, and that extra
    level cost every request about 5 % of its CPU.
    """
    for router in FEATURE_ROUTERS:
        app.include_router(router, prefix=API_PREFIX, dependencies=[Depends(authenticate)])


def add_operations_routes(app: FastAPI, database: Database) -> None:
    @app.get("/healthz", tags=["operations"], name="healthz")
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers; the database is not consulted."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], name="readyz", responses=error_responses(503))
    async def readyz() -> dict[str, str]:
        """Readiness: the database answers a trivial query."""
        try:
            await database.ping()
        except Exception as exc:  # any failure to reach the database means "not ready"
            raise ServiceUnavailable("The database is unreachable.") from exc
        return {"status": "ok"}


def create_app(
    settings: Settings | None = None, *, tracer_provider: TracerProvider | None = None
) -> FastAPI:
    """The app for `settings`; traced with `tracer_provider` when given (tests pass their own),
    else with an exporting one when `OTEL_EXPORTER_OTLP_ENDPOINT` is set."""
    settings = settings or get_settings()
    configure_logging(settings)
    database = Database(settings)
    rate_limiter = build_rate_limiter(settings)
    own_provider = None if tracer_provider else build_tracer_provider(settings)
    provider = tracer_provider or own_provider

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Embedded mode: this process delivers the outbox too (services/email_delivery.py).
        embedded = settings.outbox_worker_embedded
        worker = running_worker(settings, database, tracer_provider=provider)
        async with worker if embedded else nullcontext():
            yield
        await database.dispose()
        if rate_limiter is not None:
            await rate_limiter.close()
        if settings.serves_metrics:
            forget_this_process()
        if own_provider is not None:
            own_provider.shutdown()  # sends the spans still batched

    app = FastAPI(
        title="Talent Hub API",
        version="0.1.0",
        summary="Profiles, jobs, applications, proposals, courses and news for careers.",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        openapi_tags=DOCUMENTED_TAGS,
    )
    build_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        schema = readable_page_names(build_openapi())
        schema = declare_framework_statuses(schema, database_prefix=API_PREFIX)
        schema = link_created_resources(unmark_public_operations(schema))
        return document_problem_media_type(schema)

    app.openapi = openapi  # type: ignore[method-assign]
    app.state.settings = settings
    app.state.database = database
    app.state.rate_limiter = rate_limiter
    install_problem_handlers(app)
    include_api_routers(app)
    add_operations_routes(app, database)
    give_concrete_paths_precedence(app)

    # Added innermost first: CORS wraps everything so even errors carry CORS headers.
    app.add_middleware(BodySizeLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        # Bearer tokens travel in a header, never in cookies: no credentials mode needed.
        allow_credentials=False,
        allow_methods=["*"],
        allow_headers=["*"],
        # Headers a browser client may read: besides the defaults, the request id, the replay
        # marker of idempotent creates, and the wait a 429 or 503 asks for.
        expose_headers=[REQUEST_ID_HEADER, "Idempotent-Replayed", "Retry-After"],
    )
    if settings.serves_metrics:
        install_metrics(app, database)
    if provider is not None:
        instrument_app(app, database, provider)
    return app


app = create_app()
