"""GET /jobs: everyone's open jobs, or the caller's own with `mine=true`; sort, pages, totals.

A `status` filter narrows a listing, never widens it: outside `mine` only open jobs can ever
appear. The other filters are in `test_filters.py`.
"""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.jobs import (
    JOB_FIELDS,
    JOBS,
    item_ids,
    job_in_status,
    job_path,
    list_jobs,
    open_job,
)
from tests.helpers.problems import BAD_PAGING_PARAMS, assert_validation_error

BAD_LIST_PARAMS: list[dict[str, Any]] = [
    *BAD_PAGING_PARAMS,
    *({"sort": sort} for sort in ["id", "-id", "owner_id", "--title", "", "Title"]),
    {"sort": "published_at"},
    {"sort": "salary_min"},
    {"sort": "title;drop table jobs"},
    {"employment_type": "temporary"},
    {"remote": "maybe"},
    {"status": "archived"},
    {"mine": "perhaps"},
    {"q": "x" * 201},
    {"location": "x" * 201},
    {"q": "a\x00b"},
]


async def test_public_listing_shows_everyones_open_jobs_only(
    client: AsyncClient, users: AccountFactory
) -> None:
    alice, bob, carol = await users.create(), await users.create(), await users.create()
    alices = {
        status: await job_in_status(client, alice, status) for status in ("draft", "open", "closed")
    }
    bobs_open = await job_in_status(client, bob, "open")
    await job_in_status(client, bob, "draft")
    expected = [bobs_open["id"], alices["open"]["id"]]

    for viewer in (alice, bob, carol):
        page = await list_jobs(client, viewer)
        assert (item_ids(page), page["total"], page["page"], page["page_size"]) == (
            expected,
            2,
            1,
            20,
        )
        assert all(set(item) == JOB_FIELDS for item in page["items"])
        assert page["items"][1] == alices["open"]
        assert item_ids(await list_jobs(client, viewer, status="open")) == expected
        for hidden in ("draft", "closed"):
            assert (await list_jobs(client, viewer, status=hidden))["total"] == 0


async def test_mine_lists_the_callers_jobs_in_every_status(
    client: AsyncClient, users: AccountFactory
) -> None:
    alice, bob = await users.create(), await users.create()
    alices = {
        status: await job_in_status(client, alice, status) for status in ("draft", "open", "closed")
    }
    await job_in_status(client, bob, "open")
    await job_in_status(client, bob, "draft")

    mine = await list_jobs(client, alice, mine=True)
    assert item_ids(mine) == [alices[status]["id"] for status in ("closed", "open", "draft")]
    assert mine["total"] == 3
    for status, job in alices.items():
        page = await list_jobs(client, alice, mine=True, status=status)
        assert (item_ids(page), page["total"]) == ([job["id"]], 1)
    assert (await list_jobs(client, await users.create(), mine=True))["total"] == 0


# Created in this order; "salary_max" None means no salary.
SORTABLE = [
    ("Charlie", 90_000),
    ("Alpha", None),
    ("Echo", 50_000),
    ("Bravo", 70_000),
    ("Delta", None),
]


async def sortable_jobs(client: AsyncClient, owner: Account) -> dict[str, str]:
    ids = {}
    for title, salary in SORTABLE:
        salary_fields = {} if salary is None else {"salary_max": salary, "currency": "EUR"}
        ids[title] = (await open_job(client, owner, title=title, **salary_fields))["id"]
    return ids


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Delta", "Bravo", "Echo", "Alpha", "Charlie"]),
        ("-created_at", ["Delta", "Bravo", "Echo", "Alpha", "Charlie"]),
        ("created_at", ["Charlie", "Alpha", "Echo", "Bravo", "Delta"]),
        ("title", ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]),
        ("-title", ["Echo", "Delta", "Charlie", "Bravo", "Alpha"]),
    ],
    ids=lambda value: str(value or "default"),
)
async def test_sort(
    client: AsyncClient, users: AccountFactory, sort: str, expected: list[str]
) -> None:
    ids = await sortable_jobs(client, await users.create())
    params = {"sort": sort} if sort else {}
    order = item_ids(await list_jobs(client, await users.create(), **params))
    assert order == [ids[title] for title in expected]


@pytest.mark.parametrize(
    ("sort", "salaried"),
    [("salary_max", ["Echo", "Bravo", "Charlie"]), ("-salary_max", ["Charlie", "Bravo", "Echo"])],
)
async def test_jobs_without_a_salary_come_last_in_both_directions(
    client: AsyncClient, users: AccountFactory, sort: str, salaried: list[str]
) -> None:
    ids = await sortable_jobs(client, await users.create())
    order = item_ids(await list_jobs(client, await users.create(), sort=sort))
    # Tied among themselves, so ordered by id in the sort direction.
    unsalaried = sorted([ids["Alpha"], ids["Delta"]], reverse=sort.startswith("-"))
    assert order == [*(ids[title] for title in salaried), *unsalaried]


# Letter case must not decide the order: a byte-wise sort would put "beta" after "Zulu".
TITLES_BY_CASE = ["beta", "Alpha", "Zulu", "gamma", "Delta"]


@pytest.mark.parametrize("field", ["title", "salary_max"])
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
async def test_ties_are_broken_by_id_in_the_sort_direction_across_pages(
    client: AsyncClient, users: AccountFactory, field: str, descending: bool
) -> None:
    owner = await users.create()
    tied = [
        (await open_job(client, owner, title="Same", salary_max=100, currency="EUR"))["id"]
        for _ in range(5)
    ]
    other = (await open_job(client, owner, title="Zulu", salary_max=200, currency="EUR"))["id"]
    expected = [other, *sorted(tied, reverse=True)] if descending else [*sorted(tied), other]

    sort = f"-{field}" if descending else field
    pages = [await list_jobs(client, owner, sort=sort, page=n, page_size=4) for n in (1, 2)]
    assert [*item_ids(pages[0]), *item_ids(pages[1])] == expected


async def test_title_order_ignores_letter_case(client: AsyncClient, users: AccountFactory) -> None:
    owner = await users.create()
    ids = {title: (await open_job(client, owner, title=title))["id"] for title in TITLES_BY_CASE}

    ascending = item_ids(await list_jobs(client, owner, sort="title"))
    descending = item_ids(await list_jobs(client, owner, sort="-title"))

    in_order = [ids[title] for title in sorted(TITLES_BY_CASE, key=str.lower)]
    assert ascending == in_order
    assert descending == in_order[::-1]


async def test_pages_split_the_listing_without_overlap(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner = await users.create()
    empty = await list_jobs(client, owner)
    assert (empty["items"], empty["total"]) == ([], 0)
    ids = await sortable_jobs(client, owner)
    everything = item_ids(await list_jobs(client, owner))
    assert set(everything) == set(ids.values())

    pages = [await list_jobs(client, owner, page=n, page_size=2) for n in (1, 2, 3, 4)]
    assert [item_ids(page) for page in pages] == [
        everything[0:2],
        everything[2:4],
        everything[4:],
        [],
    ]
    assert [(page["page"], page["page_size"], page["total"]) for page in pages] == [
        (n, 2, 5) for n in (1, 2, 3, 4)
    ]
    largest = await list_jobs(client, owner, page_size=100)
    assert (largest["page_size"], largest["total"], item_ids(largest)) == (100, 5, everything)


@pytest.mark.parametrize("params", BAD_LIST_PARAMS, ids=str)
async def test_bad_list_parameters_are_422(
    client: AsyncClient, users: AccountFactory, params: dict[str, Any]
) -> None:
    owner = await users.create()
    await open_job(client, owner)
    response = await client.get(JOBS, headers=owner.headers, params=params)
    assert_validation_error(response, field=next(iter(params)))


async def test_deleted_jobs_leave_listings_and_totals(
    client: AsyncClient, users: AccountFactory
) -> None:
    owner, reader = await users.create(), await users.create()
    jobs = [await open_job(client, owner, tags=["python"]) for _ in range(3)]
    response = await client.delete(job_path(jobs[1]["id"]), headers=owner.headers)
    assert response.status_code == 204, response.text
    kept = [jobs[2]["id"], jobs[0]["id"]]

    for user, params in ((reader, {}), (reader, {"tag": "python"}), (owner, {"mine": True})):
        page = await list_jobs(client, user, **params)
        assert (item_ids(page), page["total"]) == (kept, 2)
    second = await list_jobs(client, reader, page=2, page_size=1)
    assert (item_ids(second), second["total"]) == ([jobs[0]["id"]], 2)
