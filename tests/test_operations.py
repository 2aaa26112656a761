"""Health probes, OpenAPI and CORS: what operators and frontend tooling rely on."""

import re
from pathlib import Path

from httpx import ASGITransport, AsyncClient

from config import Settings
from main import create_app


async def test_healthz_needs_no_database(client: AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_when_database_answers(client: AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200


async def test_readyz_is_503_when_database_unreachable(settings: Settings, tmp_path: Path) -> None:
    unreachable = settings.model_copy(
        update={"database_url": f"sqlite+aiosqlite:///{tmp_path}/missing/dir/app.db"}
    )
    app = create_app(unreachable)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as http:
        response = await http.get("/readyz")
        healthz = await http.get("/healthz")
    await app.state.database.dispose()
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "service_unavailable"
    assert healthz.status_code == 200


async def test_operation_ids_are_short_unique_and_tagged(client: AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    ids = [
        operation["operationId"]
        for path_item in spec["paths"].values()
        for operation in path_item.values()
    ]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z_]+-[a-z_]+", operation_id) for operation_id in ids), ids
    assert {"auth-login", "auth-token", "users-list", "experiences-create"} <= set(ids)


async def test_every_tag_is_documented_in_reading_order(
    client: AsyncClient,
) -> None:
    """Routers are matched most requested first (main.FEATURE_ROUTERS); the documentation
    lists its sections in reading order instead, so each tag must be declared there."""
    spec = (await client.get("/openapi.json")).json()
    declared = [tag["name"] for tag in spec["tags"]]
    used = {
        tag
        for path_item in spec["paths"].values()
        for operation in path_item.values()
        for tag in operation["tags"]
    }
    assert used == set(declared)
    assert declared[:4] == ["auth", "users", "profile", "experiences"]


async def test_openapi_declares_problem_responses_and_password_flow(client: AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    experience = spec["paths"]["/api/v1/profile/experiences/{experience_id}"]["get"]
    assert {"401", "404", "422"} <= experience["responses"].keys()
    not_found = experience["responses"]["404"]["content"]
    assert not_found == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    flows = spec["components"]["securitySchemes"]["OAuth2PasswordBearer"]["flows"]
    assert flows["password"]["tokenUrl"] == "/api/v1/auth/token"
    assert (await client.get("/docs")).status_code == 200


async def test_cors_allows_configured_origins_only(client: AsyncClient) -> None:
    preflight = {"Access-Control-Request-Method": "POST"}
    allowed = await client.options(
        "/api/v1/auth/login", headers={"Origin": "http://localhost:5173", **preflight}
    )
    assert allowed.headers["access-control-allow-origin"] == "http://localhost:5173"
    denied = await client.options(
        "/api/v1/auth/login", headers={"Origin": "https://evil.example", **preflight}
    )
    assert "access-control-allow-origin" not in denied.headers


async def test_cors_headers_on_errors_expose_request_id(client: AsyncClient) -> None:
    response = await client.get("/api/v1/auth/me", headers={"Origin": "http://localhost:3000"})
    assert response.status_code == 401
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


async def test_public_operations_need_no_token_in_openapi(client: AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    login = spec["paths"]["/api/v1/auth/login"]["post"]
    me = spec["paths"]["/api/v1/auth/me"]["get"]
    assert "security" not in login
    assert me["security"] == [{"OAuth2PasswordBearer": []}]
