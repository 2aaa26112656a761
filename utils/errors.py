"""Domain exceptions: each carries its HTTP status and a stable snake_case `code`.

Services raise these; `utils.problems` renders every one as RFC 9457 problem+json. Routers never
build `HTTPException` by hand.
"""

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar


class DomainError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    title: ClassVar[str] = "Bad Request"
    default_detail: ClassVar[str] = "The request cannot be processed."
    # True when the error is itself a decision to store (e.g. revoking a token family on
    # reuse): the unit of work commits what was flushed before the error is answered.
    keeps_changes: ClassVar[bool] = False

    def __init__(self, detail: str | None = None, *, headers: Mapping[str, str] | None = None):
        self.detail = detail or self.default_detail
        self.headers = dict(headers or {})
        super().__init__(self.detail)


class BadRequest(DomainError):
    pass


class InvalidTransition(DomainError):
    code = "invalid_transition"
    title = "Invalid Transition"
    default_detail = "This status change is not allowed."


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"
    title = "Unauthorized"
    default_detail = "Authentication is required."

    def __init__(self, detail: str | None = None, *, challenge: str = "Bearer") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class TokenFamilyRevoked(Unauthorized):
    """A spent refresh token came back: the whole login is revoked, and that must stick."""

    keeps_changes = True


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    title = "Forbidden"
    default_detail = "You are not allowed to do this."


class NotFound(DomainError):
    status = 404
    code = "not_found"
    title = "Not Found"
    default_detail = "The resource does not exist."


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = "Conflict"
    default_detail = "The request conflicts with the current state of the resource."


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"
    title = "Unsupported Media Type"
    default_detail = "Send the request body as application/json."


class InvalidFields(DomainError):
    """A 422 raised after schema validation, for rules that span fields and stored state.

    Example: a PATCH that moves only `end_date` before the stored `start_date`.
    """

    status = 422
    code = "validation_error"
    title = "Unprocessable Content"
    default_detail = "The request is invalid."

    def __init__(self, errors: Sequence[Mapping[str, Any]], detail: str | None = None) -> None:
        self.errors = [dict(error) for error in errors]
        super().__init__(detail)


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    title = "Too Many Requests"
    default_detail = "Too many requests; retry later."


class ServiceUnavailable(DomainError):
    status = 503
    code = "service_unavailable"
    title = "Service Unavailable"
    default_detail = "The service is temporarily unavailable."
