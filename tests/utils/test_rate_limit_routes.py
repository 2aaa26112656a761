"""Which routes are rate-limited, what OpenAPI says about them, and the per-email count."""

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from config import Settings
from tests.helpers.problems import assert_problem
from tests.helpers.rate_limits import client_of, limited_app, limited_settings
from utils.access import operation_id
from utils.rate_limits import AuthAttemptLimit

# SPEC §4: login, token, register and both password-reset routes.
LIMITED_OPERATIONS = {
    "auth-register",
    "auth-login",
    "auth-token",
    "auth-password_reset_request",
    "auth-password_reset_confirm",
}


def is_limited(route: APIRoute) -> bool:
    return any(isinstance(dep.call, AuthAttemptLimit) for dep in route.dependant.dependencies)


def api_routes(app: FastAPI) -> dict[str, tuple[str, APIRoute]]:
    """Operation id → (full path, route) of every API route."""
    return {
        operation_id(context.original_route): (str(context.path), context.original_route)
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
    }


def test_auth_routes_are_limited_and_no_other(app: FastAPI) -> None:
    routes = api_routes(app)
    limited = {op for op, (_path, route) in routes.items() if is_limited(route)}
    assert limited == LIMITED_OPERATIONS


def test_limited_routes_document_429(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    for path, route in api_routes(app).values():
        if is_limited(route):
            responses = paths[path]["post"]["responses"]
            assert "application/problem+json" in responses["429"]["content"], path


RESET_REQUEST = "/api/v1/auth/password-reset/request"
RESET_CONFIRM = "/api/v1/auth/password-reset/confirm"


async def test_the_reset_request_counts_per_email_whoever_asks(settings: Settings) -> None:
    limits = limited_settings(settings, auth_rate_limit="2/minute")
    async with limited_app(limits) as application:
        for address in ("203.0.113.1", "203.0.113.2"):
            async with client_of(application, address=address) as client:
                response = await client.post(RESET_REQUEST, json={"email": "Victim@example.test"})
                assert response.status_code == 202
        async with client_of(application, address="203.0.113.3") as client:
            refused = await client.post(RESET_REQUEST, json={"email": "victim@EXAMPLE.test"})
            assert_problem(refused, 429, "rate_limited")
            # Bodies without a usable email count per address only, then fail as they always do.
            assert (await client.post(RESET_REQUEST, json={"email": 5})).status_code == 422
            assert (await client.post(RESET_REQUEST, json=["a"])).status_code == 422
            as_text = {"content-type": "text/plain"}
            response = await client.post(RESET_REQUEST, content=b"x", headers=as_text)
            assert response.status_code == 415


async def test_the_reset_confirm_counts_per_client_address(settings: Settings) -> None:
    limits = limited_settings(settings, auth_ip_rate_limit="2/minute")
    body = {"token": "not-a-token", "new_password": "a new long password"}
    async with (
        limited_app(limits) as application,
        client_of(application, address="203.0.113.9") as client,
    ):
        for _ in range(2):
            response = await client.post(RESET_CONFIRM, json=body)
            assert_problem(response, 400, "bad_request")
        assert_problem(await client.post(RESET_CONFIRM, json=body), 429, "rate_limited")
