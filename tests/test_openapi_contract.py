"""The OpenAPI document states what the server does: statuses, `Allow`, constraints, links."""

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory

BODY_METHODS = {"post", "put", "patch"}
# A UUID that names nothing: routing needs only its shape.
SOME_ID = "00000000-0000-4000-8000-000000000000"


async def openapi(client: AsyncClient) -> dict[str, Any]:
    return (await client.get("/openapi.json")).json()  # type: ignore[no-any-return]


def each_operation(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]


async def test_every_operation_declares_405_with_allow(client: AsyncClient) -> None:
    for path, method, operation in each_operation(await openapi(client)):
        declared = operation["responses"].get("405")
        assert declared, f"{method} {path}"
        assert "Allow" in declared["headers"]
        assert "application/problem+json" in declared["content"]


async def test_operations_with_a_body_declare_413_and_415(client: AsyncClient) -> None:
    with_body = 0
    for path, method, operation in each_operation(await openapi(client)):
        if "requestBody" in operation:
            with_body += 1
            assert {"413", "415"} <= operation["responses"].keys(), f"{method} {path}"
    assert with_body > 20


async def test_api_operations_declare_503_and_probes_as_they_answer(client: AsyncClient) -> None:
    spec = await openapi(client)
    for path, method, operation in each_operation(spec):
        if path.startswith("/api/v1"):
            assert "503" in operation["responses"], f"{method} {path}"
    assert "503" not in spec["paths"]["/healthz"]["get"]["responses"]


async def test_rate_limited_routes_declare_429(client: AsyncClient) -> None:
    spec = await openapi(client)
    for path in ("login", "token", "register", "password-reset/request"):
        assert "429" in spec["paths"][f"/api/v1/auth/{path}"]["post"]["responses"], path


def app_paths(app: FastAPI) -> dict[str, set[str]]:
    """Each path of the app with the methods of all the routes serving it."""
    paths: dict[str, set[str]] = {}
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute) and context.methods:
            # Templates that differ only in parameter names would be one path: OpenAPI calls
            # them identical, and so does routing.
            shape = re.sub(r"\{[^}]+\}", "{}", str(context.path_format))
            paths.setdefault(shape, set()).update(context.methods)
    assert len(paths) > 30
    return paths


async def test_every_path_answers_options_with_all_its_methods(
    app: FastAPI, client: AsyncClient
) -> None:
    for path, methods in app_paths(app).items():
        response = await client.options(path.replace("{}", SOME_ID))
        assert response.status_code == 405, path
        assert set(response.headers["allow"].split(", ")) == methods, path
        assert response.json()["code"] == "method_not_allowed"


async def test_an_unsupported_method_names_methods_of_separate_routes(client: AsyncClient) -> None:
    # GET and POST /jobs are two routes; Starlette alone would name only the first.
    response = await client.put("/api/v1/jobs")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


async def test_cors_preflight_still_answers_before_routing(client: AsyncClient) -> None:
    response = await client.options(
        "/api/v1/jobs",
        headers={"Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://localhost:5173"


async def test_a_literal_path_outranks_a_template(client: AsyncClient) -> None:
    # `/applications/received` also matches `/applications/{application_id}`; as in OpenAPI,
    # the literal path decides what `Allow` names.
    response = await client.post("/api/v1/applications/received")
    assert (response.status_code, response.headers["allow"]) == (405, "GET")


async def test_a_literal_path_refuses_the_methods_of_a_template(client: AsyncClient) -> None:
    # Not a malformed `application_id` (422): the path `/applications/received` has GET only.
    response = await client.patch("/api/v1/applications/received", json={})
    assert (response.status_code, response.headers["allow"]) == (405, "GET")


async def test_a_missing_profile_links_to_its_creation(client: AsyncClient) -> None:
    spec = await openapi(client)
    missing = spec["paths"]["/api/v1/profile"]["get"]["responses"]["404"]
    assert set(missing["links"]) == {"profile-replace"}


async def test_create_responses_link_to_the_created_resource(client: AsyncClient) -> None:
    spec = await openapi(client)
    links = spec["paths"]["/api/v1/jobs"]["post"]["responses"]["201"]["links"]
    assert set(links) == {"jobs-get", "jobs-update", "jobs-delete"}
    assert links["jobs-get"]["parameters"] == {"job_id": "$response.body#/id"}
    news = spec["paths"]["/api/v1/news"]["post"]["responses"]["201"]["links"]
    assert news["news-get"]["parameters"] == {"news_ref": "$response.body#/slug"}
    for path in ("/applications", "/proposals", "/courses", "/profile/experiences"):
        assert spec["paths"][f"/api/v1{path}"]["post"]["responses"]["201"]["links"], path


def body_property(spec: dict[str, Any], model: str, name: str) -> dict[str, Any]:
    return spec["components"]["schemas"][model]["properties"][name]  # type: ignore[no-any-return]


async def test_body_rules_are_in_the_schema(client: AsyncClient) -> None:
    spec = await openapi(client)
    title = body_property(spec, "JobCreate", "title")
    assert not re.fullmatch(title["pattern"], "   ")
    assert re.fullmatch(title["pattern"], " a ")
    location = body_property(spec, "JobCreate", "location")["anyOf"][0]
    assert not re.fullmatch(location["pattern"], "a\x00b")
    assert body_property(spec, "RegisterIn", "email")["format"] == "email"
    # NOT_NULL: may be omitted, never null.
    assert body_property(spec, "MeUpdate", "full_name")["type"] == "string"
    assert spec["components"]["schemas"]["JobCreate"]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("full_name", "status"),
    [("Ada", 200), ("  Ada  ", 200), ("   ", 422), ("A\x00da", 422), (None, 422)],
)
async def test_server_and_schema_agree_on_a_name(
    client: AsyncClient, users: AccountFactory, full_name: str | None, status: int
) -> None:
    spec = await openapi(client)
    schema = body_property(spec, "MeUpdate", "full_name")
    allowed = isinstance(full_name, str) and bool(re.fullmatch(schema["pattern"], full_name))
    user = await users.create()
    response = await client.patch(
        "/api/v1/auth/me", json={"full_name": full_name}, headers=user.headers
    )
    assert response.status_code == status
    assert allowed == (status == 200)


@pytest.mark.parametrize(
    ("url", "status"),
    [("https://ada.example/cv", 200), ("http://127.0.0.1:8000/", 200), ("", 422), ("ftp://a", 422)],
)
async def test_server_and_schema_agree_on_a_url(
    client: AsyncClient, users: AccountFactory, url: str, status: int
) -> None:
    spec = await openapi(client)
    pattern = body_property(spec, "ProfileIn", "website")["anyOf"][0]["pattern"]
    user = await users.create()
    response = await client.put("/api/v1/profile", json={"website": url}, headers=user.headers)
    assert response.status_code in {200, 201} if status == 200 else response.status_code == status
    assert bool(re.fullmatch(pattern, url)) == (status == 200)


async def test_page_bounds_are_in_the_schema(client: AsyncClient) -> None:
    spec = await openapi(client)
    parameters = {
        p["name"]: p["schema"] for p in spec["paths"]["/api/v1/jobs"]["get"]["parameters"]
    }
    assert parameters["page_size"]["minimum"] == 1
    assert parameters["page_size"]["maximum"] == 100
    assert parameters["page"]["anyOf"][0]["minimum"] == 1
