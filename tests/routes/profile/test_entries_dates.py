"""Experience and education dates: `YYYY-MM-DD`, `end_date` optional and never before the start."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account
from tests.helpers.problems import assert_validation_error
from tests.helpers.profiles import (
    ENTRY_KIND_IDS,
    ENTRY_KINDS,
    EntryKind,
    assert_date,
    assert_entry_unchanged,
    create_entry,
    get_entry,
    list_entries,
    patch_entry,
)

by_kind = pytest.mark.parametrize("kind", ENTRY_KINDS, ids=ENTRY_KIND_IDS)


@by_kind
async def test_dates_come_back_as_iso_dates(
    client: AsyncClient, profile_owner: Account, kind: EntryKind
) -> None:
    entry = await create_entry(client, profile_owner, kind, **kind.body("2019-03-04", "2021-11-30"))
    assert (entry["start_date"], entry["end_date"]) == ("2019-03-04", "2021-11-30")
    assert_date(entry["start_date"])
    assert_date(entry["end_date"])


@by_kind
@pytest.mark.parametrize("end_date", [None, "absent"], ids=["null", "omitted"])
async def test_no_end_date_means_current(
    client: AsyncClient, profile_owner: Account, kind: EntryKind, end_date: str | None
) -> None:
    body = kind.body("2022-01-01")
    if end_date is None:
        body["end_date"] = None
    entry = await create_entry(client, profile_owner, kind, **body)
    assert entry["end_date"] is None
    assert (await get_entry(client, profile_owner, kind, entry["id"]))["end_date"] is None


@by_kind
async def test_end_date_equal_to_start_date_is_accepted(
    client: AsyncClient, profile_owner: Account, kind: EntryKind
) -> None:
    entry = await create_entry(client, profile_owner, kind, **kind.body("2020-05-05", "2020-05-05"))
    assert entry["end_date"] == "2020-05-05"


@by_kind
@pytest.mark.parametrize(
    ("start", "end"), [("2020-01-02", "2020-01-01"), ("2020-01-01", "2019-12-31")]
)
async def test_create_with_end_before_start_is_422(
    client: AsyncClient, profile_owner: Account, kind: EntryKind, start: str, end: str
) -> None:
    response = await client.post(
        kind.path, headers=profile_owner.headers, json=kind.body(start, end)
    )
    assert_validation_error(response, field="end_date")
    assert (await list_entries(client, profile_owner, kind))["total"] == 0


@by_kind
@pytest.mark.parametrize(
    ("stored_end", "changes", "field"),
    [
        pytest.param(
            "2020-12-31", {"end_date": "2019-12-31"}, None, id="end-moved-before-stored-start"
        ),
        pytest.param(
            "2020-12-31", {"start_date": "2021-01-01"}, None, id="start-moved-after-stored-end"
        ),
        pytest.param(
            None,
            {"start_date": "2022-01-01", "end_date": "2021-01-01"},
            "end_date",
            id="both-dates-out-of-order",
        ),
        pytest.param(None, {"start_date": None}, "start_date", id="start-date-null"),
    ],
)
async def test_patch_breaking_the_dates_is_422(
    client: AsyncClient,
    profile_owner: Account,
    kind: EntryKind,
    stored_end: str | None,
    changes: dict[str, Any],
    field: str | None,
) -> None:
    entry = await create_entry(client, profile_owner, kind, **kind.body("2020-01-01", stored_end))

    response = await patch_entry(client, profile_owner, kind, entry["id"], changes)
    assert_validation_error(response, field=field)
    await assert_entry_unchanged(client, profile_owner, kind, entry)


@by_kind
@pytest.mark.parametrize(
    "changes",
    [
        {"end_date": "2020-06-30"},
        {"start_date": "2019-01-01"},
        {"start_date": "2020-12-31"},
        {"start_date": "2021-03-01", "end_date": "2022-03-01"},
        {"end_date": None},
    ],
)
async def test_patch_keeping_the_order_is_200(
    client: AsyncClient, profile_owner: Account, kind: EntryKind, changes: dict[str, Any]
) -> None:
    entry = await create_entry(client, profile_owner, kind, **kind.body("2020-01-01", "2020-12-31"))

    response = await patch_entry(client, profile_owner, kind, entry["id"], changes)
    assert response.status_code == 200, response.text
    expected = {**entry, **changes, "updated_at": response.json()["updated_at"]}
    assert response.json() == expected
    assert await get_entry(client, profile_owner, kind, entry["id"]) == expected


@by_kind
async def test_an_open_entry_may_get_a_start_date_in_any_direction(
    client: AsyncClient, profile_owner: Account, kind: EntryKind
) -> None:
    entry = await create_entry(client, profile_owner, kind, **kind.body("2020-01-01"))
    changes = {"start_date": "2030-01-01"}
    response = await patch_entry(client, profile_owner, kind, entry["id"], changes)
    assert response.status_code == 200, response.text
    assert (response.json()["start_date"], response.json()["end_date"]) == ("2030-01-01", None)


@by_kind
@pytest.mark.parametrize("field", ["start_date", "end_date"])
@pytest.mark.parametrize(
    "value",
    # Unix times too (`0`, `"1700000000"`): Pydantic alone would read them as days.
    [
        "2020-13-01",
        "2021-02-29",
        "01/02/2020",
        "2020/01/02",
        "yesterday",
        "",
        [2020],
        0,
        "1700000000",
    ],
)
async def test_malformed_dates_are_422(
    client: AsyncClient, profile_owner: Account, kind: EntryKind, field: str, value: Any
) -> None:
    body = {**kind.body("2020-01-01"), field: value}
    response = await client.post(kind.path, headers=profile_owner.headers, json=body)
    assert_validation_error(response, field=field)

    entry = await create_entry(client, profile_owner, kind)
    response = await patch_entry(client, profile_owner, kind, entry["id"], {field: value})
    assert_validation_error(response, field=field)
    assert (await list_entries(client, profile_owner, kind))["total"] == 1


@by_kind
async def test_start_date_is_required(
    client: AsyncClient, profile_owner: Account, kind: EntryKind
) -> None:
    body = kind.body()
    del body["start_date"]
    response = await client.post(kind.path, headers=profile_owner.headers, json=body)
    assert_validation_error(response, field="start_date")
    body["start_date"] = None
    response = await client.post(kind.path, headers=profile_owner.headers, json=body)
    assert_validation_error(response, field="start_date")
    assert (await list_entries(client, profile_owner, kind))["total"] == 0
