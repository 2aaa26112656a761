"""ASGI middleware around every request: request id, access log, body limit, last-resort 500."""

import re
import time
import uuid
from typing import Any

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from utils.problems import internal_error_response, problem_response

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")

logger = structlog.get_logger("talent_hub.access")


def choose_request_id(incoming: str | None) -> str:
    """Echo a client's id when it is safe to log and return, else make a new one."""
    if incoming is not None and _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Binds `request_id` (and later `user_id`) to every log line and writes one access line.

    It is also the last resort for unhandled exceptions: it sits inside Starlette's error
    middleware so that even a 500 carries `X-Request-ID` and the problem+json body.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = choose_request_id(Headers(scope=scope).get(REQUEST_ID_HEADER))
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        status = 500
        response_started = False

        async def send_with_request_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_request_id)
        except Exception:
            logger.exception("unhandled_exception", method=scope["method"], path=scope["path"])
            if response_started:
                raise
            response = internal_error_response(Request(scope))
            await response(scope, receive, send_with_request_id)
        finally:
            logger.info(
                "request_finished",
                method=scope["method"],
                path=scope["path"],
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
                user_id=state.get("user_id"),
            )
            structlog.contextvars.clear_contextvars()


class BodySizeLimitMiddleware:
    """Answer 413 for bodies over the limit, whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        announced = declared is not None and declared.isascii() and declared.isdigit()
        if announced and int(str(declared)) > self.max_body_bytes:
            response = problem_response(
                Request(scope),
                status=413,
                code="payload_too_large",
                detail=f"The request body exceeds {self.max_body_bytes} bytes.",
            )
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    # FastAPI re-raises HTTPException from body reading, so this reaches
                    # the problem+json handler like any other 413.
                    raise HTTPException(
                        413, detail=f"The request body exceeds {self.max_body_bytes} bytes."
                    )
            return message

        await self.app(scope, limited_receive, send)
