"""Exception handlers: every error the API answers, rendered as problem+json."""

from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from database.integrity import is_unique_violation
from utils.allowed_methods import allowed_methods
from utils.errors import DomainError
from utils.problems import problem_response, public_errors

logger = structlog.get_logger(__name__)

# Codes for errors raised by the framework itself rather than by our services.
FRAMEWORK_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)  # noqa: S101 (registered for DomainError only)
    errors = getattr(exc, "errors", None)
    return problem_response(
        request,
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.detail,
        errors=public_errors(errors) if errors is not None else None,
        headers=exc.headers or None,
    )


def is_json_media_type(content_type: str | None) -> bool:
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _body_not_json(request: Request, errors: Any) -> bool:
    """FastAPI hands a non-JSON body to the model as raw bytes; that is a 415, not a 422."""
    whole_body_rejected = any(tuple(error.get("loc", ())) == ("body",) for error in errors)
    return whole_body_rejected and not is_json_media_type(request.headers.get("content-type"))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101
    if _body_not_json(request, exc.errors()):
        return problem_response(
            request,
            status=415,
            code="unsupported_media_type",
            detail="Send the request body as application/json.",
        )
    return problem_response(
        request,
        status=422,
        code="validation_error",
        title="Unprocessable Content",
        detail="The request is invalid; see `errors`.",
        errors=public_errors(exc.errors()),
    )


# FastAPI's answer to a JSON body it cannot even decode (invalid UTF-8, absurd nesting).
_UNPARSABLE_BODY = "There was an error parsing the body"


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)  # noqa: S101
    status = exc.status_code
    if status == 400 and exc.detail == _UNPARSABLE_BODY:
        return problem_response(
            request,
            status=422,
            code="validation_error",
            title="Unprocessable Content",
            detail="The request body is not valid JSON.",
            errors=[{"loc": ["body"], "msg": "Invalid JSON", "type": "json_invalid"}],
        )
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(status).description
    headers = dict(exc.headers) if exc.headers else {}
    if status == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem_response(
        request,
        status=status,
        code=FRAMEWORK_CODES.get(status, "error"),
        detail=detail,
        headers=headers or None,
    )


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    """A unique index decided a race two requests both passed the service's check for: 409.

    Any other integrity error (a foreign key, a NOT NULL) is a bug, and goes on as a 500.
    """
    assert isinstance(exc, IntegrityError)  # noqa: S101
    if not is_unique_violation(exc):
        raise exc
    logger.warning("unique_conflict", error_type=type(exc.orig).__name__)
    return problem_response(
        request, status=409, code="conflict", detail="The request conflicts with existing data."
    )


def is_overload(exc: Exception) -> bool:
    """The database is busy rather than broken: the pool is exhausted or SQLite's lock wait
    ran out. Worth a retry, so 503 with Retry-After instead of a 500."""
    if isinstance(exc, PoolTimeout):
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def is_lost_connection(exc: Exception) -> bool:
    """The database dropped the connection (a restart, a failover, an idle timeout).

    SQLAlchemy has then invalidated that connection and every older one in the pool, so a
    retry opens a new connection: 503 with Retry-After, like an overload. Connections are
    not tested before each use (database/engine.py says why), so this is how a request
    learns it.
    """
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    busy = is_overload(exc)
    if not busy and not is_lost_connection(exc):
        raise exc
    logger.warning(
        "database_busy" if busy else "database_connection_lost", error_type=type(exc).__name__
    )
    detail = "The service is busy" if busy else "The database connection was lost"
    return problem_response(
        request,
        status=503,
        code="service_unavailable",
        detail=f"{detail}; retry shortly.",
        headers={"Retry-After": "1"},
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    # OperationalError and InterfaceError, among others: overloads and lost connections.
    app.add_exception_handler(DBAPIError, _database_unavailable)
    app.add_exception_handler(PoolTimeout, _database_unavailable)
