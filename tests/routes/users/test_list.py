"""GET /users: pagination, the sort allow-list, the q / role / is_active filters."""

import uuid
from datetime import datetime
from typing import Any

import pytest
from httpx import AsyncClient

from database.models import UserRole
from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.problems import BAD_PAGING_PARAMS, PAGE_KEYS, USER_FIELDS

USERS = "/api/v1/users"


async def listing(client: AsyncClient, admin: Account, **params: Any) -> dict[str, Any]:
    response = await client.get(USERS, params=params, headers=admin.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


async def test_list_has_the_page_shape(client: AsyncClient, users: AccountFactory) -> None:
    admin = await users.admin()
    await users.create()
    await users.create()
    page = await listing(client, admin)
    assert set(page) == PAGE_KEYS
    assert (page["total"], page["page"], page["page_size"]) == (3, 1, 20)
    assert len(page["items"]) == 3
    for item in page["items"]:
        assert set(item) == USER_FIELDS
    assert "hashed_password" not in str(page)


async def test_pages_cover_everyone_once(client: AsyncClient, users: AccountFactory) -> None:
    admin = await users.admin()
    created = [await users.create(full_name="Same Name") for _ in range(6)]
    everyone = {str(admin.id), *(str(user.id) for user in created)}

    seen: list[str] = []
    for number in (1, 2, 3):
        page = await listing(client, admin, page=number, page_size=3, sort="full_name")
        assert (page["total"], page["page"], page["page_size"]) == (7, number, 3)
        seen += ids(page)
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == everyone

    beyond = await listing(client, admin, page=4, page_size=3)
    assert beyond["items"] == []
    assert beyond["total"] == 7


@pytest.mark.parametrize("params", BAD_PAGING_PARAMS, ids=str)
async def test_bad_paging_is_unprocessable(
    client: AsyncClient, users: AccountFactory, params: dict[str, Any]
) -> None:
    admin = await users.admin()
    response = await client.get(USERS, params=params, headers=admin.headers)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_error"


async def test_largest_page_size_is_accepted(client: AsyncClient, users: AccountFactory) -> None:
    admin = await users.admin()
    page = await listing(client, admin, page_size=100)
    assert page["page_size"] == 100
    assert ids(page) == [str(admin.id)]


@pytest.mark.parametrize(
    "sort", ["id", "role", "hashed_password", "-", "--email", "email,full_name", "EMAIL", ""]
)
async def test_sort_outside_allow_list_is_unprocessable(
    client: AsyncClient, users: AccountFactory, sort: str
) -> None:
    admin = await users.admin()
    response = await client.get(USERS, params={"sort": sort}, headers=admin.headers)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("field", ["email", "full_name"])
async def test_sort_by_text_fields(client: AsyncClient, users: AccountFactory, field: str) -> None:
    admin = await users.create(
        email="mallory@example.com", full_name="Mallory", role=UserRole.ADMIN
    )
    await users.create(email="carol@example.com", full_name="Carol")
    await users.create(email="zed@example.com", full_name="Zed")
    await users.create(email="alice@example.com", full_name="Alice")

    ascending = await listing(client, admin, sort=field)
    values = [item[field] for item in ascending["items"]]
    assert values == sorted(values)
    assert len(values) == 4

    descending = await listing(client, admin, sort=f"-{field}")
    assert [item[field] for item in descending["items"]] == sorted(values, reverse=True)


def created_order(page: dict[str, Any]) -> list[tuple[datetime, uuid.UUID]]:
    return [
        (datetime.fromisoformat(item["created_at"]), uuid.UUID(item["id"]))
        for item in page["items"]
    ]


async def test_sort_by_created_at_both_ways(client: AsyncClient, users: AccountFactory) -> None:
    admin = await users.admin()
    for _ in range(4):
        await users.create()

    ascending = created_order(await listing(client, admin, sort="created_at"))
    assert ascending == sorted(ascending)
    assert len(ascending) == 5

    descending = created_order(await listing(client, admin, sort="-created_at"))
    assert descending == sorted(ascending, reverse=True)


async def test_default_order_is_newest_first(client: AsyncClient, users: AccountFactory) -> None:
    admin = await users.admin()
    for _ in range(3):
        await users.create()
    default = await listing(client, admin)
    assert created_order(default) == sorted(created_order(default), reverse=True)
    assert ids(default) == ids(await listing(client, admin, sort="-created_at"))


async def test_ties_are_broken_by_id_in_the_sort_direction(
    client: AsyncClient, users: AccountFactory
) -> None:
    admin = await users.create(full_name="Admin", role=UserRole.ADMIN)
    twins = [await users.create(full_name="Twin") for _ in range(5)]
    by_id = sorted((user.id for user in twins), key=lambda value: value.int)

    ascending = await listing(client, admin, sort="full_name", q="twin")
    assert ids(ascending) == [str(value) for value in by_id]
    descending = await listing(client, admin, sort="-full_name", q="twin")
    assert ids(descending) == [str(value) for value in reversed(by_id)]

    # Small pages of tied rows still never overlap or skip.
    paged = [
        *ids(await listing(client, admin, sort="full_name", q="twin", page=1, page_size=2)),
        *ids(await listing(client, admin, sort="full_name", q="twin", page=2, page_size=2)),
        *ids(await listing(client, admin, sort="full_name", q="twin", page=3, page_size=2)),
    ]
    assert paged == ids(ascending)


async def test_same_request_gives_same_order(client: AsyncClient, users: AccountFactory) -> None:
    admin = await users.admin()
    for _ in range(5):
        await users.create(full_name="Duplicate")
    for sort in ("created_at", "-created_at", "full_name", "-email"):
        first = await listing(client, admin, sort=sort)
        second = await listing(client, admin, sort=sort)
        assert ids(first) == ids(second)
