"""POST /auth/register: the created account, email uniqueness, and what a body may not do."""

import uuid
from datetime import datetime
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.auth import AUTH, login, me
from tests.helpers.problems import USER_FIELDS, assert_problem, assert_validation_error

REGISTER = f"{AUTH}/register"
PASSWORD = "Pw-Marker-valid-1"


def body(email: str, **overrides: Any) -> dict[str, Any]:
    return {"email": email, "password": PASSWORD, "full_name": "Ada Lovelace"} | overrides


async def test_register_returns_the_account(client: AsyncClient) -> None:
    response = await client.post(REGISTER, json=body("ada@example.com", full_name="  Ada  "))

    assert response.status_code == 201, response.text
    user = response.json()
    assert set(user) == USER_FIELDS
    uuid.UUID(user["id"])
    assert user["email"] == "ada@example.com"
    assert user["full_name"] == "Ada"
    assert user["role"] == "user"
    assert user["is_active"] is True
    for stamp in ("created_at", "updated_at"):
        assert datetime.fromisoformat(user[stamp]).utcoffset() is not None
    assert PASSWORD not in response.text


async def test_registered_account_can_log_in(client: AsyncClient) -> None:
    created = await client.post(REGISTER, json=body("Grace@Example.com"))
    assert created.status_code == 201, created.text

    pair = await login(client, "grace@example.com", PASSWORD)

    response = await me(client, pair["access_token"])
    assert response.status_code == 200, response.text
    assert response.json() == created.json()


SPACED_PASSWORD = "  spaced out password  "


@pytest.mark.parametrize(
    ("endpoint", "field"), [("login", "email"), ("token", "username")], ids=["json", "form"]
)
async def test_password_is_never_trimmed(client: AsyncClient, endpoint: str, field: str) -> None:
    created = await client.post(REGISTER, json=body("spaces@example.com", password=SPACED_PASSWORD))
    assert created.status_code == 201, created.text

    def send(password: str) -> dict[str, str]:
        return {field: "spaces@example.com", "password": password}

    if endpoint == "login":
        exact = await client.post(f"{AUTH}/login", json=send(SPACED_PASSWORD))
        trimmed = await client.post(f"{AUTH}/login", json=send(SPACED_PASSWORD.strip()))
    else:
        exact = await client.post(f"{AUTH}/token", data=send(SPACED_PASSWORD))
        trimmed = await client.post(f"{AUTH}/token", data=send(SPACED_PASSWORD.strip()))

    assert exact.status_code == 200, exact.text
    assert_problem(trimmed, 401, "unauthorized")


@pytest.mark.parametrize(
    "second_email",
    [
        pytest.param("taken@example.com", id="same"),
        pytest.param("TAKEN@EXAMPLE.COM", id="upper-case"),
        pytest.param("Taken@Example.Com", id="mixed-case"),
    ],
)
async def test_taken_email_is_a_conflict(client: AsyncClient, second_email: str) -> None:
    first = await client.post(REGISTER, json=body("taken@example.com"))
    assert first.status_code == 201, first.text

    response = await client.post(REGISTER, json=body(second_email, password="another-password"))

    assert_problem(response, 409, "conflict")


async def test_email_of_a_deactivated_account_stays_taken(
    client: AsyncClient, users: AccountFactory
) -> None:
    await users.create(email="dormant@example.com", is_active=False)

    response = await client.post(REGISTER, json=body("Dormant@example.com"))

    assert_problem(response, 409, "conflict")


async def test_email_of_a_deleted_account_can_register_again(
    client: AsyncClient, users: AccountFactory
) -> None:
    old = await users.create(email="phoenix@example.com")
    deleted = await client.delete(f"{AUTH}/me", headers=old.headers)
    assert deleted.status_code == 204, deleted.text

    response = await client.post(REGISTER, json=body("PHOENIX@example.com"))

    assert response.status_code == 201, response.text
    assert response.json()["id"] != str(old.id)
    pair = await login(client, "phoenix@example.com", PASSWORD)
    current = await me(client, pair["access_token"])
    assert current.json()["id"] == response.json()["id"]


INVALID_BODIES = [
    pytest.param({"password": "Pw-Mk7!"}, id="password-7-chars"),
    pytest.param({"password": "Pw-Marker-" + "x" * 119}, id="password-129-chars"),
    pytest.param({"password": ""}, id="password-empty"),
    pytest.param({"password": None}, id="password-null"),
    pytest.param({"full_name": "   "}, id="full-name-blank-after-trim"),
    pytest.param({"full_name": ""}, id="full-name-empty"),
    pytest.param({"full_name": "x" * 101}, id="full-name-101-chars"),
    pytest.param({"full_name": None}, id="full-name-null"),
    pytest.param({"email": "not-an-email"}, id="email-malformed"),
    pytest.param({"email": ""}, id="email-empty"),
    pytest.param({"role": "admin"}, id="unknown-field-role"),
    pytest.param({"id": str(uuid.uuid4())}, id="unknown-field-id"),
    pytest.param({"is_active": False}, id="unknown-field-is-active"),
    pytest.param({"created_at": "2020-01-01T00:00:00+00:00"}, id="unknown-field-created-at"),
    pytest.param({"deleted_at": None}, id="unknown-field-deleted-at"),
]


@pytest.mark.parametrize("overrides", INVALID_BODIES)
async def test_invalid_body_is_rejected_and_creates_nothing(
    client: AsyncClient, overrides: dict[str, Any]
) -> None:
    sent = body("invalid@example.com") | overrides

    response = await client.post(REGISTER, json=sent)

    password = sent["password"]
    assert_validation_error(response, secret=password or None)
    assert PASSWORD not in response.text
    # Nothing was stored: the same address is still free.
    again = await client.post(REGISTER, json=body("invalid@example.com"))
    assert again.status_code == 201, again.text
    assert again.json()["role"] == "user"
    assert again.json()["is_active"] is True


@pytest.mark.parametrize("missing", ["email", "password", "full_name"])
async def test_missing_field_is_rejected(client: AsyncClient, missing: str) -> None:
    sent = body("missing@example.com")
    del sent[missing]

    response = await client.post(REGISTER, json=sent)

    assert_validation_error(response, secret=PASSWORD)


@pytest.mark.parametrize(
    ("password", "full_name"),
    [
        pytest.param("p" * 8, "N", id="shortest"),
        pytest.param("p" * 128, "N" * 100, id="longest"),
    ],
)
async def test_length_limits_are_inclusive(
    client: AsyncClient, password: str, full_name: str
) -> None:
    response = await client.post(
        REGISTER, json=body("limits@example.com", password=password, full_name=full_name)
    )

    assert response.status_code == 201, response.text
    assert response.json()["full_name"] == full_name
    await login(client, "limits@example.com", password)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b'{"email": "broken@example.com", "password": ', id="truncated"),
        pytest.param(b"{'email': 'broken@example.com'}", id="single-quotes"),
        pytest.param(b"", id="empty"),
        pytest.param(b"[]", id="array"),
        pytest.param(b"null", id="null"),
    ],
)
async def test_malformed_json_is_a_validation_error(client: AsyncClient, raw: bytes) -> None:
    response = await client.post(
        REGISTER, content=raw, headers={"Content-Type": "application/json"}
    )

    assert_validation_error(response)
