"""Listing and deleting experiences and educations: order, pages, sorting, soft delete."""

from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.problems import (
    BAD_PAGING_PARAMS,
    PAGE_KEYS,
    assert_not_found,
    assert_validation_error,
)
from tests.helpers.profiles import (
    ENTRY_KIND_IDS,
    ENTRY_KINDS,
    EntryKind,
    assert_deleted_for_good,
    create_entry,
    deleted_at_of,
    list_entries,
    put_profile,
)

by_kind = pytest.mark.parametrize("kind", ENTRY_KINDS, ids=ENTRY_KIND_IDS)
# Created in this order, deliberately not sorted by date.
START_DATES = ["2018-05-01", "2021-02-01", "2015-09-01", "2023-07-15", "2019-12-31"]


async def entries_with_dates(
    client: AsyncClient, user: Account, kind: EntryKind, dates: list[str]
) -> list[dict[str, Any]]:
    await put_profile(client, user)
    return [await create_entry(client, user, kind, **kind.body(start)) for start in dates]


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


@by_kind
async def test_newest_start_date_comes_first(
    client: AsyncClient, users: AccountFactory, kind: EntryKind
) -> None:
    user = await users.create()
    entries = await entries_with_dates(client, user, kind, START_DATES)

    page = await list_entries(client, user, kind)
    assert page.keys() == PAGE_KEYS
    assert (page["total"], page["page"], page["page_size"]) == (5, 1, 20)
    assert [item["start_date"] for item in page["items"]] == sorted(START_DATES, reverse=True)
    assert sorted(page["items"], key=lambda item: item["id"]) == sorted(
        entries, key=lambda item: item["id"]
    )


@by_kind
async def test_pages_split_the_list_without_overlap(
    client: AsyncClient, users: AccountFactory, kind: EntryKind
) -> None:
    user = await users.create()
    await entries_with_dates(client, user, kind, START_DATES)
    everything = ids(await list_entries(client, user, kind))

    pages = [await list_entries(client, user, kind, page=n, page_size=2) for n in (1, 2, 3, 4)]
    assert [ids(page) for page in pages] == [everything[0:2], everything[2:4], everything[4:], []]
    assert [(page["page"], page["page_size"], page["total"]) for page in pages] == [
        (n, 2, 5) for n in (1, 2, 3, 4)
    ]


@by_kind
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("start_date", sorted(START_DATES)),
        ("-start_date", sorted(START_DATES, reverse=True)),
        ("created_at", START_DATES),
        ("-created_at", START_DATES[::-1]),
    ],
)
async def test_sort_allow_list(
    client: AsyncClient, users: AccountFactory, kind: EntryKind, sort: str, expected: list[str]
) -> None:
    user = await users.create()
    await entries_with_dates(client, user, kind, START_DATES)
    page = await list_entries(client, user, kind, sort=sort)
    assert [item["start_date"] for item in page["items"]] == expected


@by_kind
async def test_ties_are_broken_by_id_in_the_sort_direction(
    client: AsyncClient, users: AccountFactory, kind: EntryKind
) -> None:
    user = await users.create()
    entries = await entries_with_dates(client, user, kind, ["2020-01-01"] * 6 + ["2010-01-01"])
    same_day = sorted(entry["id"] for entry in entries[:6])
    older = entries[6]["id"]

    assert ids(await list_entries(client, user, kind)) == [*same_day[::-1], older]
    assert ids(await list_entries(client, user, kind, sort="start_date")) == [older, *same_day]
    paged = [
        ids(await list_entries(client, user, kind, page=n, page_size=4, sort="start_date"))
        for n in (1, 2)
    ]
    assert paged == [[older, *same_day[:3]], same_day[3:]]


@by_kind
@pytest.mark.parametrize(
    "params",
    [
        *BAD_PAGING_PARAMS,
        {"sort": "title"},
        {"sort": "-id"},
        {"sort": "owner_id"},
        {"sort": "--start_date"},
        {"sort": ""},
        {"sort": "start_date;drop table experiences"},
    ],
    ids=str,
)
async def test_bad_list_parameters_are_422(
    client: AsyncClient, users: AccountFactory, kind: EntryKind, params: dict[str, Any]
) -> None:
    user = await users.create()
    await entries_with_dates(client, user, kind, START_DATES[:1])
    response = await client.get(kind.path, headers=user.headers, params=params)
    assert_validation_error(response, field=next(iter(params)))


@by_kind
async def test_largest_page_size_is_100(
    client: AsyncClient, users: AccountFactory, kind: EntryKind
) -> None:
    user = await users.create()
    await entries_with_dates(client, user, kind, START_DATES[:2])
    page = await list_entries(client, user, kind, page_size=100)
    assert (page["page_size"], page["total"], len(page["items"])) == (100, 2, 2)


@by_kind
async def test_delete_is_204_then_the_entry_is_gone(
    app: FastAPI, client: AsyncClient, users: AccountFactory, kind: EntryKind
) -> None:
    user = await users.create()
    kept, doomed = await entries_with_dates(client, user, kind, ["2020-01-01", "2021-01-01"])
    await assert_deleted_for_good(client, user, kind.item(doomed["id"]), {"description": "x"})

    page = await list_entries(client, user, kind)
    assert (ids(page), page["total"]) == ([kept["id"]], 1)
    deleted_at, kept_deleted_at = await deleted_at_of(app, kind.model, [doomed["id"], kept["id"]])
    assert deleted_at is not None
    assert kept_deleted_at is None


@by_kind
async def test_intruders_delete_leaves_the_entry_in_place(
    client: AsyncClient, users: AccountFactory, kind: EntryKind
) -> None:
    owner, intruder = await users.create(), await users.create()
    (entry,) = await entries_with_dates(client, owner, kind, ["2020-01-01"])
    await put_profile(client, intruder)
    assert_not_found(await client.delete(kind.item(entry["id"]), headers=intruder.headers))
    assert ids(await list_entries(client, owner, kind)) == [entry["id"]]
