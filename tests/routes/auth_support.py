"""Steps the auth tests share: calling the auth endpoints and checking their problem answers."""

from typing import Any

from httpx import AsyncClient, Response

from tests.factories import DEFAULT_PASSWORD

AUTH = "/api/v1/auth"
ME = f"{AUTH}/me"
PROBLEM_JSON = "application/problem+json"
USER_FIELDS = {"id", "email", "full_name", "role", "is_active", "created_at", "updated_at"}
TOKEN_FIELDS = {"access_token", "refresh_token", "token_type", "expires_in"}


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def assert_problem(response: Response, status: int, code: str) -> dict[str, Any]:
    """An RFC 9457 answer with `status` and `code`; returns the body for further checks."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def assert_unauthorized(response: Response) -> dict[str, Any]:
    body = assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")
    return body


def assert_validation_error(response: Response, *, secret: str | None = None) -> None:
    """A 422 listing `loc`/`msg`/`type` only, which never repeats `secret` (a password)."""
    body = assert_problem(response, 422, "validation_error")
    assert body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"loc", "msg", "type"}
    if secret is not None:
        assert secret not in response.text


async def login(
    client: AsyncClient, email: str, password: str = DEFAULT_PASSWORD
) -> dict[str, Any]:
    """Log in through the JSON endpoint and return the token pair (a new token family)."""
    response = await client.post(f"{AUTH}/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    pair: dict[str, Any] = response.json()
    return pair


async def try_login(client: AsyncClient, email: str, password: str) -> Response:
    return await client.post(f"{AUTH}/login", json={"email": email, "password": password})


async def refresh(client: AsyncClient, refresh_token: str) -> Response:
    return await client.post(f"{AUTH}/refresh", json={"refresh_token": refresh_token})


async def me(client: AsyncClient, access_token: str) -> Response:
    return await client.get(ME, headers=bearer(access_token))
