"""GET /courses: published courses for everyone, the caller's own (`mine`) or those they are
enrolled in (`enrolled`); filters, sorts and cursor pages."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.courses import (
    COURSES,
    create_course,
    enroll,
    ids,
    list_courses,
    published_course,
)
from tests.helpers.pages import assert_cursor_refused, assert_walk_matches_numbers, forge
from tests.helpers.problems import BAD_PAGING_PARAMS, PAGE_KEYS, assert_validation_error

HEX = "0" * 32


@pytest.fixture
async def owner(users: AccountFactory) -> Account:
    return await users.create()


@pytest.fixture
async def reader(users: AccountFactory) -> Account:
    return await users.create()


async def test_everyone_sees_published_courses_only(
    client: AsyncClient, owner: Account, reader: Account
) -> None:
    published = await published_course(client, owner)
    await create_course(client, owner)
    own_draft = await create_course(client, reader)

    for user in (owner, reader):
        page = await list_courses(client, user)
        assert set(page) == PAGE_KEYS
        assert ids(page) == [published["id"]]
    assert ids(await list_courses(client, reader, status="draft")) == []
    assert ids(await list_courses(client, reader, mine="true")) == [own_draft["id"]]


async def test_mine_lists_every_status_and_filters_by_one(
    client: AsyncClient, owner: Account, reader: Account
) -> None:
    draft = await create_course(client, owner)
    published = await published_course(client, owner)
    await published_course(client, reader)

    assert ids(await list_courses(client, owner, mine="true")) == [published["id"], draft["id"]]
    assert ids(await list_courses(client, owner, mine="true", status="draft")) == [draft["id"]]


async def test_enrolled_lists_the_callers_published_courses(
    client: AsyncClient, owner: Account, reader: Account, users: AccountFactory
) -> None:
    taken, hidden, left_alone = [await published_course(client, owner) for _ in range(3)]
    for course in (taken, hidden):
        await enroll(client, reader, course["id"])
    await enroll(client, await users.create(), left_alone["id"])
    response = await client.patch(
        f"{COURSES}/{hidden['id']}", headers=owner.headers, json={"status": "draft"}
    )
    assert response.status_code == 200

    assert ids(await list_courses(client, reader, enrolled="true")) == [taken["id"]]
    assert ids(await list_courses(client, owner, enrolled="true")) == []


async def test_mine_and_enrolled_together_narrow_to_nothing(
    client: AsyncClient, owner: Account, reader: Account
) -> None:
    # Each flag narrows the list; nobody is enrolled in their own course, so together: none.
    taken = await published_course(client, owner)
    own = await published_course(client, reader)
    await enroll(client, reader, taken["id"])
    assert ids(await list_courses(client, reader, mine="true")) == [own["id"]]
    assert ids(await list_courses(client, reader, enrolled="true")) == [taken["id"]]

    assert ids(await list_courses(client, reader, mine="true", enrolled="true")) == []


async def test_filters(client: AsyncClient, owner: Account, reader: Account) -> None:
    python = await published_course(
        client, owner, title="Python 100%", level="beginner", tags=["Python"], price=0
    )
    sql = await published_course(
        client, owner, description="Joins, in PYTHON notebooks", level="advanced", price="60"
    )
    await published_course(client, owner, title="Go", description="Goroutines.", price="60.01")

    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"q": "python"}, [sql["id"], python["id"]]),
        ({"q": "100%"}, [python["id"]]),
        ({"q": "1_0"}, []),
        ({"level": "advanced"}, [sql["id"]]),
        ({"tag": "PYTHON"}, [python["id"]]),
        ({"max_price": "60"}, [sql["id"], python["id"]]),
        ({"max_price": 0, "q": "python"}, [python["id"]]),
    ]
    for params, expected in cases:
        assert ids(await list_courses(client, reader, **params)) == expected, params


@pytest.mark.parametrize(
    "params",
    [{"level": "expert"}, {"max_price": "1.001"}, {"max_price": "-1"}, {"max_price": "cheap"}],
)
async def test_bad_filters_are_refused(
    client: AsyncClient, reader: Account, params: dict[str, str]
) -> None:
    response = await client.get(COURSES, headers=reader.headers, params=params)
    assert_validation_error(response, field=next(iter(params)))


async def test_sorts_break_ties_by_id(client: AsyncClient, owner: Account, reader: Account) -> None:
    made = [
        await published_course(client, owner, title=title, price=price)
        for title, price in (("beta", 10), ("Alpha", 30), ("gamma", 10), ("Delta", 20))
    ]
    by_price = sorted(made, key=lambda course: (float(course["price"]), course["id"]))
    expected = {
        "-created_at": [course["id"] for course in reversed(made)],
        "created_at": [course["id"] for course in made],
        "price": [course["id"] for course in by_price],
        "-price": [course["id"] for course in reversed(by_price)],
        "title": [made[1]["id"], made[0]["id"], made[3]["id"], made[2]["id"]],
    }
    assert ids(await list_courses(client, reader)) == expected["-created_at"]
    for sort, order in expected.items():
        assert ids(await list_courses(client, reader, sort=sort)) == order, sort
    for sort in ("price", "-price", "title", "created_at"):
        walked = await assert_walk_matches_numbers(client, reader, COURSES, 3, sort=sort)
        assert walked == expected[sort]


@pytest.mark.parametrize("params", [{"sort": "duration_hours"}, {"sort": "-owner_id"}])
async def test_unknown_sorts_are_refused(
    client: AsyncClient, reader: Account, params: dict[str, str]
) -> None:
    assert_validation_error(
        await client.get(COURSES, headers=reader.headers, params=params), field="sort"
    )


@pytest.mark.parametrize("params", BAD_PAGING_PARAMS)
async def test_bad_paging_is_refused(
    client: AsyncClient, reader: Account, params: dict[str, Any]
) -> None:
    response = await client.get(COURSES, headers=reader.headers, params=params)
    assert_validation_error(response)


@pytest.mark.parametrize(
    "key",
    [["m", "1.001"], ["m", "1e3"], ["m", "1" * 17], ["m", 10], ["i", 1000], ["s", "10.00"]],
)
async def test_price_cursors_the_server_never_wrote_are_refused(
    client: AsyncClient, owner: Account, key: list[Any]
) -> None:
    await published_course(client, owner)
    cursor = forge("price", key, HEX, 2)
    params = {"sort": "price", "cursor": cursor}
    assert_cursor_refused(await client.get(COURSES, headers=owner.headers, params=params))
