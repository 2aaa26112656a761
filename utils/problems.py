"""RFC 9457 problem details: the body every error answer has, and its OpenAPI description."""

from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """The body of every error answer (RFC 9457); `errors` comes with a 422 only."""

    # Documentation only (answers are built by `problem_response`), so only `errors`, the one
    # member some answers lack, has a default: OpenAPI lists every other one as required.
    type: str = Field(examples=["about:blank"])
    title: str
    status: int
    detail: str
    instance: str
    code: str
    request_id: str | None
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
