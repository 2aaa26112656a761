"""GET /users filters: q (literal, case-insensitive substring of email or name), role, is_active."""

from typing import Any

import pytest
from httpx import AsyncClient

from database.models import UserRole
from tests.helpers.accounts import Account, AccountFactory

USERS = "/api/v1/users"


async def matching(client: AsyncClient, admin: Account, **params: Any) -> set[str]:
    response = await client.get(USERS, params=params, headers=admin.headers)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["items"])
    return {item["email"] for item in page["items"]}


@pytest.fixture
async def admin(users: AccountFactory) -> Account:
    return await users.create(email="root@admin.test", full_name="Root", role=UserRole.ADMIN)


@pytest.fixture
async def people(users: AccountFactory) -> None:
    await users.create(email="ann.lee@corp.example.com", full_name="Ann Lee")
    await users.create(email="bob@example.com", full_name="Robert ANNERS")
    await users.create(email="first_last@example.com", full_name="Underscore Person")
    await users.create(email="firstxlast@example.com", full_name="Lookalike Person")
    await users.create(email="percent@example.com", full_name="100% Real")
    await users.create(email="hundred@example.com", full_name="100 Real")
    await users.create(email="slash@example.com", full_name="Back\\Slash")


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ann", {"ann.lee@corp.example.com", "bob@example.com"}),
        ("ANN", {"ann.lee@corp.example.com", "bob@example.com"}),
        ("Corp.Example", {"ann.lee@corp.example.com"}),
        ("robert ann", {"bob@example.com"}),
        ("  lee  ", {"ann.lee@corp.example.com"}),
        ("_", {"first_last@example.com"}),
        ("first_last", {"first_last@example.com"}),
        ("%", {"percent@example.com"}),
        ("100%", {"percent@example.com"}),
        ("0% r", {"percent@example.com"}),
        ("\\", {"slash@example.com"}),
        ("nobody-here", set()),
    ],
    # Sorted: a set's order changes between processes, and parallel workers must agree.
    ids=lambda value: repr(sorted(value) if isinstance(value, set) else value),
)
async def test_q_matches_email_or_name_literally(
    client: AsyncClient, admin: Account, q: str, expected: set[str]
) -> None:
    assert await matching(client, admin, q=q) == expected


@pytest.mark.usefixtures("people")
async def test_q_combines_with_sort_and_paging(client: AsyncClient, admin: Account) -> None:
    response = await client.get(
        USERS, params={"q": "person", "sort": "-email", "page_size": 1}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == 2
    assert [item["email"] for item in page["items"]] == ["firstxlast@example.com"]


async def test_q_longer_than_allowed_is_unprocessable(client: AsyncClient, admin: Account) -> None:
    response = await client.get(USERS, params={"q": "x" * 1000}, headers=admin.headers)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_error"


async def test_role_filter(client: AsyncClient, users: AccountFactory, admin: Account) -> None:
    other_admin = await users.create(email="second@admin.test", role=UserRole.ADMIN)
    plain = await users.create(email="plain@example.com")
    assert await matching(client, admin, role="admin") == {admin.email, other_admin.email}
    assert await matching(client, admin, role="user") == {plain.email}


async def test_is_active_filter(client: AsyncClient, users: AccountFactory, admin: Account) -> None:
    active = await users.create(email="active@example.com")
    inactive = await users.create(email="inactive@example.com", is_active=False)
    assert await matching(client, admin, is_active="true") == {admin.email, active.email}
    assert await matching(client, admin, is_active="false") == {inactive.email}


async def test_filters_combine(client: AsyncClient, users: AccountFactory, admin: Account) -> None:
    await users.create(email="sleepy-admin@example.com", role=UserRole.ADMIN, is_active=False)
    await users.create(email="sleepy-user@example.com", is_active=False)
    await users.create(email="awake-user@example.com")
    found = await matching(client, admin, q="sleepy", role="user", is_active="false")
    assert found == {"sleepy-user@example.com"}
    assert await matching(client, admin, q="user", is_active="true") == {"awake-user@example.com"}


@pytest.mark.parametrize(
    "params",
    [{"role": "superuser"}, {"role": "ADMINS"}, {"is_active": "maybe"}, {"is_active": "2"}],
    ids=str,
)
async def test_bad_filter_values_are_unprocessable(
    client: AsyncClient, admin: Account, params: dict[str, str]
) -> None:
    response = await client.get(USERS, params=params, headers=admin.headers)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_error"


async def test_q_folds_case_beyond_ascii(
    client: AsyncClient, users: AccountFactory, admin: Account
) -> None:
    await users.create(email="emile@example.com", full_name="ÉMILE Zola")
    await users.create(email="other@example.com", full_name="Someone Else")
    assert await matching(client, admin, q="émile") == {"emile@example.com"}
    assert await matching(client, admin, q="ÉMILE") == {"emile@example.com"}
