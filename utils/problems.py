"""RFC 9457 problem details: one renderer for every error the API answers."""

from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from utils.errors import DomainError

PROBLEM_MEDIA_TYPE = "application/problem+json"

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


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    code: str
    request_id: str | None = None
    errors: list[FieldError] | None = None


def request_id_of(request: Request) -> str | None:
    value = getattr(request.state, "request_id", None)
    return value if isinstance(value, str) else None


def problem_response(
    request: Request,
    *,
    status: int,
    code: str,
    detail: str,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
        "request_id": request_id_of(request),
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def internal_error_response(request: Request) -> JSONResponse:
    """The generic 500: never a stack trace, SQL or exception text."""
    return problem_response(
        request, status=500, code="internal_error", detail="An unexpected error occurred."
    )


# Messages pydantic builds from the rejected input itself; replaced by a fixed text.
_VALUE_QUOTING_MESSAGES = {"uuid_parsing": "Input should be a valid UUID"}


def public_errors(raw_errors: Any) -> list[dict[str, Any]]:
    """Keep `loc`, `msg` and `type` only: `input` and `ctx` may hold the rejected values."""
    return [
        {
            "loc": list(error.get("loc", ())),
            "msg": _VALUE_QUOTING_MESSAGES.get(error["type"], str(error.get("msg", ""))),
            "type": error["type"],
        }
        for error in raw_errors
    ]


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


def _is_json(content_type: str | None) -> bool:
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _body_not_json(request: Request, errors: Any) -> bool:
    """FastAPI hands a non-JSON body to the model as raw bytes; that is a 415, not a 422."""
    whole_body_rejected = any(tuple(error.get("loc", ())) == ("body",) for error in errors)
    return whole_body_rejected and not _is_json(request.headers.get("content-type"))


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
    return problem_response(
        request,
        status=status,
        code=FRAMEWORK_CODES.get(status, "error"),
        detail=detail,
        headers=dict(exc.headers) if exc.headers else None,
    )


def is_unique_violation(exc: IntegrityError) -> bool:
    original = exc.orig
    sqlstate = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return sqlstate == "23505" or "UNIQUE constraint failed" in str(original)


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


async def _database_busy(request: Request, exc: Exception) -> JSONResponse:
    if not is_overload(exc):
        raise exc
    logger.warning("database_busy", error_type=type(exc).__name__)
    return problem_response(
        request,
        status=503,
        code="service_unavailable",
        detail="The service is busy; retry shortly.",
        headers={"Retry-After": "1"},
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(OperationalError, _database_busy)
    app.add_exception_handler(PoolTimeout, _database_busy)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for a route: each listed status documented as a Problem."""
    return {
        status: {"model": Problem, "description": HTTPStatus(status).phrase} for status in statuses
    }


def document_problem_media_type(openapi_schema: dict[str, Any]) -> dict[str, Any]:
    """FastAPI files every response model under `application/json`; error bodies are
    `application/problem+json`, so move their schema there for generated clients."""
    for path_item in openapi_schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status).startswith(("4", "5")) and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    return openapi_schema
