"""Authenticated by default: every /api/v1 route but the SPEC's public ones answers 401."""

import re
import uuid

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from httpx import AsyncClient

from utils.access import PUBLIC_OPERATIONS, operation_id

# SPEC §2: POST /auth/register|login|token|refresh, POST /auth/password-reset/*,
# GET /news, GET /news/{slug}, POST /news/webhook.
SPEC_PUBLIC = {
    "auth-register",
    "auth-login",
    "auth-token",
    "auth-refresh",
    "auth-password_reset_request",
    "auth-password_reset_confirm",
    "news-list",
    "news-get",
    "news-webhook",
}


def api_operations(app: FastAPI) -> list[tuple[str, str, str]]:
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and str(context.path).startswith("/api/v1"):
            for method in sorted(context.methods or ()):
                found.append((method, str(context.path), operation_id(route)))
    return found


def test_public_list_is_exactly_the_spec() -> None:
    assert PUBLIC_OPERATIONS == SPEC_PUBLIC


async def test_every_protected_route_rejects_anonymous_callers(
    app: FastAPI, client: AsyncClient
) -> None:
    operations = api_operations(app)
    assert len(operations) > 20
    for method, path, op_id in operations:
        if op_id in PUBLIC_OPERATIONS:
            continue
        url = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)
        response = await client.request(method, url, json={})
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"])
async def test_public_routes_ignore_a_bad_authorization_header(
    client: AsyncClient, header: str
) -> None:
    response = await client.post(
        "/api/v1/auth/login",
        json={"email": "nobody@example.com", "password": "whatever1"},
        headers={"Authorization": header},
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "Incorrect email or password."
