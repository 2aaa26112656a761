"""`Idempotency-Key` on create endpoints: a retry replays the first answer (SPEC §4).

A router opts in with `APIRouter(route_class=IdempotentRoute)`; its POST routes that answer 201
then honour the header. The work happens around the whole endpoint: the key is claimed in its
own committed transaction before the endpoint runs (so a concurrent retry sees it); a
successful answer is added to the endpoint's own transaction (so it is stored exactly when the
resource is); and a request that fails frees its key once its transaction has rolled back. The
rules themselves live in `services/idempotency.py`.

Only a caller with a valid access token has keys; without one, the endpoint runs as usual and
answers its own 401.
"""

import re
import uuid
from collections.abc import Callable, Coroutine
from typing import Any

import anyio
import structlog
from fastapi import Request, Response
from fastapi.routing import APIRoute
from fastapi.security.utils import get_authorization_scheme_param
from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from database.engine import Database
from services import auth, idempotency
from utils.access import remember_caller
from utils.errors import InvalidFields, Unauthorized
from utils.problems import error_responses

logger = structlog.get_logger(__name__)

HEADER = "Idempotency-Key"
# Printable ASCII without spaces, as in the IETF Idempotency-Key draft; a UUID fits well.
KEY_FORMAT = re.compile(r"[\x21-\x7e]{1,255}")
Handler = Callable[[Request], Coroutine[Any, Any, Response]]

HEADER_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Any unique string (a UUID is ideal). Retrying with the same key and body within 24 h "
        "replays the first answer with `Idempotent-Replayed: true`; the same key with another "
        "body is 422; while the first request runs, 409."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[!-~]+$"},
}


class IdempotentRoute(APIRoute):
    @property
    def idempotent(self) -> bool:
        """Create endpoints only: POST answering 201."""
        return self.methods == {"POST"} and self.status_code == 201

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.idempotent:
            extra = dict(self.openapi_extra or {})
            extra["parameters"] = [*extra.get("parameters", []), HEADER_PARAMETER]
            self.openapi_extra = extra
            # A retry while the first request still runs is a 409, whatever else the route says.
            self.responses = {**error_responses(409), **self.responses}

    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()
        if not self.idempotent:
            return handler

        async def idempotent_handler(request: Request) -> Response:
            key = request.headers.get(HEADER)
            user_id = await _caller_id(request) if key is not None else None
            if key is None or user_id is None:
                return await handler(request)
            return await _run_once(request, handler, user_id=user_id, key=key)

        return idempotent_handler


async def _caller_id(request: Request) -> uuid.UUID | None:
    """The user a valid bearer token speaks for; None lets the endpoint answer 401 itself."""
    scheme, token = get_authorization_scheme_param(request.headers.get("Authorization"))
    if scheme.lower() != "bearer" or not token:
        return None
    settings: Settings = request.app.state.settings
    database: Database = request.app.state.database
    try:
        async with database.session(read_only=True) as session:
            user = await auth.user_for_access_token(session, settings=settings, token=token)
    except Unauthorized:
        return None
    # A replayed or refused request never reaches `authenticate`; it is still this user's.
    remember_caller(request, user.id)
    return user.id


def _refuse_key(msg: str, kind: str) -> InvalidFields:
    return InvalidFields([{"loc": ["header", HEADER], "msg": msg, "type": kind}])


async def _claim(request: Request, *, user_id: uuid.UUID, key: str) -> uuid.UUID | Response:
    """Claim the key in a committed transaction of its own; or the stored answer to replay."""
    if len(request.headers.getlist(HEADER)) > 1:
        raise _refuse_key("must be sent once", "duplicate_header")
    if not KEY_FORMAT.fullmatch(key):
        raise _refuse_key("must be 1 to 255 visible ASCII characters", "string_pattern_mismatch")
    database: Database = request.app.state.database
    target = f"{request.url.path}?{request.url.query}"
    digest = idempotency.request_digest(request.method, target, await request.body())
    try:
        async with database.session() as session:
            claim = await idempotency.claim_key(session, user_id=user_id, key=key, digest=digest)
            await session.commit()
    except idempotency.KeyReused as error:
        raise _refuse_key("was first used with a different request", "key_reused") from error
    if isinstance(claim, idempotency.StoredResponse):
        return Response(
            content=claim.body,
            status_code=claim.status_code,
            media_type=claim.content_type,
            headers={"Idempotent-Replayed": "true"},
        )
    return claim


async def _run_once(
    request: Request, handler: Handler, *, user_id: uuid.UUID, key: str
) -> Response:
    claim = await _claim(request, user_id=user_id, key=key)
    if isinstance(claim, Response):
        return claim
    database: Database = request.app.state.database
    settled = False

    async def release_unless_settled(
        _exc_type: type[BaseException] | None, exc: BaseException | None, _traceback: Any
    ) -> None:
        # Runs after the endpoint's unit of work has committed or rolled back and closed its
        # connection. Unless the answer was stored and committed with it, free the key; even
        # when this request is being cancelled, and never at the cost of the response.
        if settled and exc is None:
            return
        with anyio.CancelScope(shield=True):
            try:
                async with database.session() as session:
                    await idempotency.release_key(session, claim_id=claim)
                    await session.commit()
            except Exception:
                logger.exception("idempotency_key_release_failed", claim_id=str(claim))

    # FastAPI keeps the exits of function-scoped dependencies on this stack and closes it once
    # the endpoint has returned; the unit of work (`get_session`) is entered after this push,
    # so it has finished before the callback runs. The idempotency tests fail if a FastAPI
    # upgrade changes this.
    request.scope["fastapi_function_astack"].push_async_exit(release_unless_settled)
    response = await handler(request)
    unit_of_work: AsyncSession | None = getattr(request.state, "unit_of_work", None)
    if unit_of_work is not None and 200 <= response.status_code < 300:
        answer = idempotency.StoredResponse(
            response.status_code, response.headers.get("content-type"), bytes(response.body)
        )
        # The request's session commits right after this: the answer and the resource it
        # describes are stored together or not at all.
        await idempotency.store_response(unit_of_work, claim_id=claim, response=answer)
        settled = True
    return response
