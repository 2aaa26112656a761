"""/profile bodies: skills, website, length limits, visibility and fields clients may not set."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.problems import assert_not_found, assert_validation_error
from tests.helpers.profiles import (
    FORBIDDEN_VALUES,
    PROFILE,
    SERVER_FIELDS,
    get_profile,
    put_profile,
)

BAD_WEBSITES = [
    "ftp://example.com/file",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "mailto:me@example.com",
    "example.com",
    "//example.com",
    "https://",
    "",
    "not a url",
    "https:example.com",
    "https:/example.com",
    "http:\\\\evil.example",
    "https://exa\tmple.com",
    "https://example.com/a b",
    "https://example.com/\u0007",
]
BAD_VISIBILITIES: list[Any] = ["friends", "PUBLIC", "", 1, True, ["public"]]
# (field, a valid value stored first, a value then refused for it)
REFUSED_VALUES = [
    pytest.param("skills", ["python"], [f"skill-{n}" for n in range(51)], id="skills-51-of-them"),
    *(
        pytest.param("website", "https://example.com", bad, id=f"website-{bad!r}")
        for bad in BAD_WEBSITES
    ),
    *(
        pytest.param("visibility", "public", bad, id=f"visibility-{bad!r}")
        for bad in BAD_VISIBILITIES
    ),
]


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
async def test_skills_are_trimmed_lower_cased_and_deduplicated(
    client: AsyncClient, users: AccountFactory, method: str
) -> None:
    user = await users.create()
    await put_profile(client, user)
    response = await client.request(
        method,
        PROFILE,
        headers=user.headers,
        json={"skills": [" Python ", "SQL", "python", "sql ", "Go", "PYTHON"]},
    )
    assert response.status_code == 200, response.text
    assert response.json()["skills"] == ["python", "sql", "go"]
    assert (await get_profile(client, user))["skills"] == ["python", "sql", "go"]


async def test_fifty_skills_are_accepted(client: AsyncClient, users: AccountFactory) -> None:
    user = await users.create()
    skills = [f"skill-{number}" for number in range(50)]
    body = await put_profile(client, user, skills=skills)
    assert body["skills"] == skills


@pytest.mark.parametrize(
    "website",
    [
        "https://example.com",
        "http://example.com/",
        "https://Example.com/Path/To?q=1&b=Two#frag",
        "http://localhost:8080/me",
    ],
)
async def test_http_and_https_websites_come_back_exactly_as_sent(
    client: AsyncClient, users: AccountFactory, website: str
) -> None:
    user = await users.create()
    assert (await put_profile(client, user, website=website))["website"] == website
    response = await client.patch(PROFILE, headers=user.headers, json={"website": website})
    assert response.status_code == 200, response.text
    assert response.json()["website"] == website
    assert (await get_profile(client, user))["website"] == website


@pytest.mark.parametrize(("field", "limit"), [("headline", 200), ("bio", 5000), ("location", 200)])
async def test_length_limits(
    client: AsyncClient, users: AccountFactory, field: str, limit: int
) -> None:
    user = await users.create()
    at_limit = "x" * limit
    assert (await put_profile(client, user, **{field: at_limit}))[field] == at_limit

    for method in ("PUT", "PATCH"):
        response = await client.request(
            method, PROFILE, headers=user.headers, json={field: "x" * (limit + 1)}
        )
        assert_validation_error(response, field=field)
    assert (await get_profile(client, user))[field] == at_limit


@pytest.mark.parametrize("visibility", ["public", "private"])
async def test_visibility_accepts_public_and_private(
    client: AsyncClient, users: AccountFactory, visibility: str
) -> None:
    user = await users.create()
    assert (await put_profile(client, user, visibility=visibility))["visibility"] == visibility


@pytest.mark.parametrize(("field", "stored", "refused"), REFUSED_VALUES)
@pytest.mark.parametrize("method", ["PUT", "PATCH"])
async def test_refused_values_are_422_and_change_nothing(
    client: AsyncClient, users: AccountFactory, method: str, field: str, stored: Any, refused: Any
) -> None:
    user = await users.create()
    created = await put_profile(client, user, **{field: stored})
    response = await client.request(method, PROFILE, headers=user.headers, json={field: refused})
    assert_validation_error(response, field=field)
    assert await get_profile(client, user) == created


@pytest.mark.parametrize("field", [*SERVER_FIELDS, "is_admin", "full_name"])
@pytest.mark.parametrize("method", ["PUT", "PATCH"])
async def test_server_set_and_unknown_fields_are_422_and_change_nothing(
    client: AsyncClient, users: AccountFactory, method: str, field: str
) -> None:
    user = await users.create()
    created = await put_profile(client, user, headline="Original", skills=["python"])
    value = FORBIDDEN_VALUES.get(field, "Mallory")
    response = await client.request(
        method, PROFILE, headers=user.headers, json={"headline": "Changed", field: value}
    )
    assert_validation_error(response, field=field)
    assert await get_profile(client, user) == created


async def test_server_set_fields_on_a_first_put_create_nothing(
    client: AsyncClient, users: AccountFactory
) -> None:
    user = await users.create()
    response = await client.put(
        PROFILE, headers=user.headers, json={"headline": "x", "owner_id": str(user.id)}
    )
    assert_validation_error(response, field="owner_id")
    assert_not_found(await client.get(PROFILE, headers=user.headers))


@pytest.mark.parametrize(
    "body",
    [
        {"skills": "python"},
        {"skills": [1, 2]},
        {"headline": 42},
        {"open_to_work": [True]},
        {"headline": "nul\u0000byte"},
    ],
)
async def test_wrongly_typed_values_are_422(
    client: AsyncClient, users: AccountFactory, body: dict[str, Any]
) -> None:
    user = await users.create()
    created = await put_profile(client, user)
    for method in ("PUT", "PATCH"):
        response = await client.request(method, PROFILE, headers=user.headers, json=body)
        assert_validation_error(response)
    assert await get_profile(client, user) == created


@pytest.mark.parametrize("content", [b"[]", b'"profile"', b"1", b"null"])
async def test_a_body_that_is_not_an_object_is_422(
    client: AsyncClient, users: AccountFactory, content: bytes
) -> None:
    user = await users.create()
    created = await put_profile(client, user, headline="Kept")
    headers = {**user.headers, "Content-Type": "application/json"}
    for method in ("PUT", "PATCH"):
        response = await client.request(method, PROFILE, headers=headers, content=content)
        assert_validation_error(response)
    assert await get_profile(client, user) == created
