"""Checks the whole suite shares: RFC 9457 problem answers, account bodies and bad paging."""

from datetime import datetime, timedelta
from typing import Any

from httpx import Response

from tests.helpers.accounts import Account

PROBLEM_JSON = "application/problem+json"
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "code", "request_id"}
# Every list page; `total_is_estimate` and `next_cursor` are the members SPEC §2 leaves to us.
PAGE_KEYS = {"items", "total", "total_is_estimate", "page", "page_size", "next_cursor"}
USER_FIELDS = {"id", "email", "full_name", "role", "is_active", "created_at", "updated_at"}
# Paging parameters every paged list refuses with a 422 (page 1.5 both as a number and a string).
BAD_PAGING_PARAMS: list[dict[str, Any]] = [
    {"page_size": 101},
    {"page_size": 0},
    {"page_size": -1},
    {"page_size": "ten"},
    {"page": 0},
    {"page": -1},
    {"page": 1.5},
    {"page": "1.5"},
    {"page": "first"},
    {"page": 2**63},
    {"page": 2**64},
    {"page_size": 2**63},
    # Whole numbers in other spellings are still not what a client means by a page number.
    {"page": "1.0"},
    {"page_size": "100.0"},
    {"page": "+5"},
    {"page": " 5"},
    {"page": "1_0"},
]


def assert_problem(response: Response, status: int, code: str) -> dict[str, Any]:
    """An RFC 9457 answer with `status` and `code`; returns the body for further checks."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def assert_problem_body(body: dict[str, object], status: int, code: str) -> None:
    """A problem body carrying every RFC 9457 member plus our `code` and `request_id`."""
    assert body.keys() >= PROBLEM_KEYS
    assert body["status"] == status
    assert body["code"] == code


def assert_unauthorized(response: Response) -> dict[str, Any]:
    body = assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")
    return body


def assert_not_found(response: Response) -> None:
    assert_problem(response, 404, "not_found")


def assert_validation_error(
    response: Response, *, field: str | None = None, secret: str | None = None
) -> None:
    """A 422 listing `loc`/`msg`/`type` only.

    With `field`, one error points at that field; with `secret` (a password), the answer never
    repeats it.
    """
    body = assert_problem(response, 422, "validation_error")
    assert body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"loc", "msg", "type"}
    if field is not None:
        assert any(error["loc"][-1] == field for error in body["errors"]), body["errors"]
    if secret is not None:
        assert secret not in response.text


def assert_active_user_account(body: dict[str, Any], user: Account, full_name: str) -> None:
    """`body` is the account of `user`, an active non-admin called `full_name`."""
    assert set(body) == USER_FIELDS
    assert body["id"] == str(user.id)
    assert body["email"] == user.email
    assert body["full_name"] == full_name
    assert body["role"] == "user"
    assert body["is_active"] is True


def assert_timestamp(value: str) -> datetime:
    """ISO 8601 with an explicit UTC offset."""
    parsed = datetime.fromisoformat(value)
    assert parsed.utcoffset() == timedelta(0), value
    return parsed


def json_body(response: Response, status: int = 200) -> dict[str, Any]:
    """The JSON object of an answer, once its status is the one expected."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body
