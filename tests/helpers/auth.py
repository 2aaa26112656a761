"""Steps the auth tests share: calling the auth endpoints and checking the token pairs they give.

Problem answers (401, 422, ...) are checked with the helpers in `tests/helpers/problems.py`.
"""

from typing import Any

from httpx import AsyncClient, Response

from config import Settings
from tests.helpers.accounts import DEFAULT_PASSWORD

AUTH = "/api/v1/auth"
ME = f"{AUTH}/me"
CHANGE_PASSWORD = f"{AUTH}/change-password"
TOKEN_FIELDS = {"access_token", "refresh_token", "token_type", "expires_in"}


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def assert_token_pair(response: Response, settings: Settings) -> dict[str, Any]:
    """A 200 carrying a bearer token pair no cache may keep; returns the pair."""
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    pair: dict[str, Any] = response.json()
    assert set(pair) == TOKEN_FIELDS
    assert pair["token_type"] == "bearer"
    assert pair["expires_in"] == settings.access_token_ttl_minutes * 60
    return pair


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


async def form_login(client: AsyncClient, username: str, password: str) -> Response:
    """Log in through the OAuth2 password form of `/auth/token`."""
    return await client.post(f"{AUTH}/token", data={"username": username, "password": password})


async def refresh(client: AsyncClient, refresh_token: str) -> Response:
    return await client.post(f"{AUTH}/refresh", json={"refresh_token": refresh_token})


async def me(client: AsyncClient, access_token: str) -> Response:
    return await client.get(ME, headers=bearer(access_token))


async def change_password(
    client: AsyncClient, access_token: str, current_password: str, new_password: str
) -> Response:
    return await client.post(
        CHANGE_PASSWORD,
        headers=bearer(access_token),
        json={"current_password": current_password, "new_password": new_password},
    )
