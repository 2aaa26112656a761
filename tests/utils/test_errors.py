"""Every error the API answers is RFC 9457 problem+json with a stable code and the request id."""

from collections.abc import AsyncIterator

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.problems import assert_problem_body


async def test_unknown_route_is_problem_404(client: AsyncClient) -> None:
    response = await client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert_problem_body(response.json(), 404, "not_found")
    assert response.json()["request_id"] == response.headers["x-request-id"]
    assert response.json()["instance"] == "/api/v1/does-not-exist"


async def test_wrong_method_is_problem_405(client: AsyncClient) -> None:
    response = await client.delete("/api/v1/auth/register")
    assert response.status_code == 405
    assert_problem_body(response.json(), 405, "method_not_allowed")


async def test_malformed_json_is_422(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register", content=b'{"email": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert_problem_body(response.json(), 422, "validation_error")
    assert response.json()["errors"]


async def test_validation_errors_never_echo_values(client: AsyncClient) -> None:
    secret = "tiny"
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": "not-an-email", "password": secret, "full_name": "x" * 101},
    )
    assert response.status_code == 422
    body = response.json()
    assert {tuple(error["loc"]) for error in body["errors"]} == {
        ("body", "email"),
        ("body", "password"),
        ("body", "full_name"),
    }
    assert all(set(error) == {"loc", "msg", "type"} for error in body["errors"])
    assert secret not in response.text
    assert "not-an-email" not in response.text


@pytest.mark.parametrize("size", [1024 * 1024 + 1, 3 * 1024 * 1024])
async def test_body_over_one_mebibyte_is_413(client: AsyncClient, size: int) -> None:
    response = await client.post(
        "/api/v1/auth/register", content=b"x" * size, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert_problem_body(response.json(), 413, "payload_too_large")


async def test_streamed_body_over_limit_is_413(client: AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b"x" * 65536

    response = await client.post(
        "/api/v1/auth/register", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert_problem_body(response.json(), 413, "payload_too_large")


async def test_body_at_the_limit_is_accepted_for_parsing(client: AsyncClient) -> None:
    body = b'{"email": "a@example.com", "password": "password1", "full_name": "A"}'
    padded = body[:-1] + b" " * (1024 * 1024 - len(body)) + b"}"
    response = await client.post(
        "/api/v1/auth/register", content=padded, headers={"content-type": "application/json"}
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("incoming", "echoed"),
    [
        ("abc-123_X.y", True),
        ("a" * 128, True),
        ("a" * 129, False),
        ("bad id with spaces", False),
        ("semi;colon", False),
    ],
)
async def test_request_id_echoed_only_when_sane(
    client: AsyncClient, incoming: str, echoed: bool
) -> None:
    response = await client.get("/api/v1/nowhere", headers={"X-Request-ID": incoming})
    returned = response.headers["x-request-id"]
    assert (returned == incoming) is echoed
    assert 1 <= len(returned) <= 128
    assert response.json()["request_id"] == returned


@pytest.mark.parametrize(
    "body",
    [
        b'{"email": "u@example.com", "password": "password1", "full_name": "x\xff"}',
        b'{"email": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"email": ' + b'{"a": ' * 900 + b"1" + b"}" * 900 + b', "password": "x"}',
    ],
    ids=["invalid-utf8", "deep-arrays", "deep-objects"],
)
async def test_unparsable_or_hostile_json_is_422(client: AsyncClient, body: bytes) -> None:
    response = await client.post(
        "/api/v1/auth/register", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert_problem_body(response.json(), 422, "validation_error")


async def test_deeply_nested_value_in_a_list_field_is_422(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    skills = "[" * 600 + "]" * 600
    response = await client.put(
        "/api/v1/profile",
        content=f'{{"skills": {skills}}}'.encode(),
        headers={**user.headers, "content-type": "application/json"},
    )
    assert response.status_code == 422


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
async def test_json_endpoint_refuses_other_media_types(
    client: AsyncClient, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = await client.post(
        "/api/v1/auth/register",
        content=b'{"email": "m@example.com", "password": "password1", "full_name": "M"}',
        headers=headers,
    )
    assert response.status_code == 415
    assert_problem_body(response.json(), 415, "unsupported_media_type")


async def test_json_array_body_is_422_not_415(client: AsyncClient) -> None:
    response = await client.post("/api/v1/auth/register", json=[1, 2])
    assert response.status_code == 422


async def test_nul_characters_are_refused(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": "n@example.com", "password": "password1", "full_name": "A\u0000B"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "full_name"]
    login = await client.post(
        "/api/v1/auth/token", data={"username": "n\u0000@example.com", "password": "password1"}
    )
    assert login.status_code == 401


async def test_malformed_path_id_is_422_without_quoting_it(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    await client.put("/api/v1/profile", json={}, headers=user.headers)
    response = await client.get("/api/v1/profile/experiences/not-a-uuid-zzz", headers=user.headers)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error == {
        "loc": ["path", "experience_id"],
        "msg": "Input should be a valid UUID",
        "type": "uuid_parsing",
    }
