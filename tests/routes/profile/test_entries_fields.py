"""/profile/experiences and /profile/educations: the fields particular to each kind of entry.

Access, dates, lists and deletion are tested in `test_entries_access.py`,
`test_entries_dates.py` and `test_entries_lists.py`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import Account, AccountFactory
from tests.helpers.problems import assert_not_found, assert_unauthorized, assert_validation_error
from tests.helpers.profiles import (
    EDUCATION,
    EXPERIENCE,
    EntryKind,
    assert_entry_unchanged,
    assert_resource,
    create_entry,
    get_entry,
    list_entries,
    patch_entry,
    put_profile,
)


@dataclass(frozen=True)
class EntrySamples:
    """Sample bodies of one kind of entry, and what its fields allow."""

    kind: EntryKind
    full: dict[str, str]  # every field set
    minimal: dict[str, str]  # only the required fields
    optional: tuple[str, ...]  # null when omitted, cleared by a PATCH to null
    max_lengths: dict[str, int]  # the longest text each text field takes
    padded: dict[str, tuple[str, str]]  # field: (sent with blanks around it, stored trimmed)
    rename: tuple[str, str, str]  # a one-field PATCH: field, value sent, value stored

    @property
    def required(self) -> tuple[str, ...]:
        return (*self.kind.required_text, "start_date")


EXPERIENCE_SAMPLES = EntrySamples(
    kind=EXPERIENCE,
    full={
        "title": "Backend engineer",
        "company": "Acme",
        "location": "Berlin",
        "start_date": "2019-04-01",
        "end_date": "2022-08-31",
        "description": "Built the billing service.",
    },
    minimal={"title": "Engineer", "company": "Acme", "start_date": "2020-01-01"},
    optional=("location", "description", "end_date"),
    max_lengths={"title": 200, "company": 200, "location": 200, "description": 5000},
    padded={
        "title": ("  CTO ", "CTO"),
        "company": ("\tAcme\n", "Acme"),
        "location": (" Oslo ", "Oslo"),
        "description": (" Led. ", "Led."),
    },
    rename=("title", "  Lead engineer ", "Lead engineer"),
)
EDUCATION_SAMPLES = EntrySamples(
    kind=EDUCATION,
    full={
        "school": "University of Porto",
        "degree": "MSc",
        "field_of_study": "Computer Science",
        "start_date": "2014-09-15",
        "end_date": "2016-07-01",
        "description": "Thesis on query planning.",
    },
    minimal={"school": "MIT", "start_date": "2015-09-01"},
    optional=("degree", "field_of_study", "description", "end_date"),
    max_lengths={"school": 200, "degree": 200, "field_of_study": 200, "description": 5000},
    padded={
        "school": ("  MIT ", "MIT"),
        "degree": ("\tBSc\n", "BSc"),
        "field_of_study": (" Physics ", "Physics"),
        "description": (" Honours. ", "Honours."),
    },
    rename=("school", "  ETH Zurich ", "ETH Zurich"),
)
ALL_SAMPLES = [EXPERIENCE_SAMPLES, EDUCATION_SAMPLES]

by_kind = pytest.mark.parametrize(
    "samples", ALL_SAMPLES, ids=[samples.kind.name for samples in ALL_SAMPLES]
)


def by_field(fields_of: Callable[[EntrySamples], Iterable[str]]) -> pytest.MarkDecorator:
    """Parametrize `samples` and `field` over each kind and the fields `fields_of` names in it."""
    return pytest.mark.parametrize(
        ("samples", "field"),
        [
            pytest.param(samples, field, id=f"{samples.kind.name}-{field}")
            for samples in ALL_SAMPLES
            for field in fields_of(samples)
        ],
    )


@by_kind
async def test_four_cases(
    client: AsyncClient, users: AccountFactory, samples: EntrySamples
) -> None:
    kind, minimal = samples.kind, samples.minimal
    owner, other = await users.create(), await users.create()
    assert_unauthorized(await client.post(kind.path, json=minimal))
    assert_not_found(await client.post(kind.path, headers=owner.headers, json=minimal))
    await put_profile(client, owner)
    await put_profile(client, other)
    entry = await create_entry(client, owner, kind, **minimal)
    assert_not_found(await client.get(kind.item(entry["id"]), headers=other.headers))
    await assert_entry_unchanged(client, owner, kind, entry)


@by_kind
async def test_create_returns_every_field(
    client: AsyncClient, profile_owner: Account, samples: EntrySamples
) -> None:
    kind, full = samples.kind, samples.full
    response = await client.post(kind.path, headers=profile_owner.headers, json=full)
    assert response.status_code == 201, response.text
    body = response.json()
    assert_resource(body, profile_owner)
    assert {field: body[field] for field in full} == full
    assert await get_entry(client, profile_owner, kind, body["id"]) == body
    assert (await list_entries(client, profile_owner, kind))["items"] == [body]


@by_kind
async def test_optional_fields_default_to_null(
    client: AsyncClient, profile_owner: Account, samples: EntrySamples
) -> None:
    body = await create_entry(client, profile_owner, samples.kind, **samples.minimal)
    assert {field: body[field] for field in samples.optional} == dict.fromkeys(samples.optional)


@by_kind
async def test_strings_are_trimmed(
    client: AsyncClient, profile_owner: Account, samples: EntrySamples
) -> None:
    sent = {field: padded for field, (padded, _) in samples.padded.items()}
    body = await create_entry(client, profile_owner, samples.kind, **{**samples.minimal, **sent})
    trimmed = {field: stored for field, (_, stored) in samples.padded.items()}
    assert {field: body[field] for field in trimmed} == trimmed


@by_field(lambda samples: samples.kind.required_text)
@pytest.mark.parametrize("value", ["", "   ", "\t\n", None, "absent"])
async def test_required_strings_must_be_present_and_not_blank(
    client: AsyncClient, profile_owner: Account, samples: EntrySamples, field: str, value: Any
) -> None:
    kind = samples.kind
    body: dict[str, Any] = {**samples.minimal, field: value}
    if value == "absent":
        del body[field]
    response = await client.post(kind.path, headers=profile_owner.headers, json=body)
    assert_validation_error(response, field=field)
    assert (await list_entries(client, profile_owner, kind))["total"] == 0


@by_field(lambda samples: samples.max_lengths)
async def test_length_limits(
    client: AsyncClient, profile_owner: Account, samples: EntrySamples, field: str
) -> None:
    kind, limit = samples.kind, samples.max_lengths[field]
    entry = await create_entry(
        client, profile_owner, kind, **{**samples.minimal, field: "x" * limit}
    )
    assert entry[field] == "x" * limit

    too_long = "x" * (limit + 1)
    response = await client.post(
        kind.path, headers=profile_owner.headers, json={**samples.minimal, field: too_long}
    )
    assert_validation_error(response, field=field)
    response = await patch_entry(client, profile_owner, kind, entry["id"], {field: too_long})
    assert_validation_error(response, field=field)
    await assert_entry_unchanged(client, profile_owner, kind, entry)


@by_kind
async def test_patch_changes_only_the_fields_sent(
    client: AsyncClient, profile_owner: Account, samples: EntrySamples
) -> None:
    kind, (field, sent, stored) = samples.kind, samples.rename
    entry = await create_entry(client, profile_owner, kind, **samples.full)
    response = await patch_entry(client, profile_owner, kind, entry["id"], {field: sent})
    assert response.status_code == 200, response.text
    patched = response.json()
    assert patched == {**entry, field: stored, "updated_at": patched["updated_at"]}
    assert patched["updated_at"] >= entry["updated_at"]
    assert await get_entry(client, profile_owner, kind, entry["id"]) == patched


@by_kind
async def test_patch_with_empty_body_changes_nothing(
    client: AsyncClient, profile_owner: Account, samples: EntrySamples
) -> None:
    kind, full = samples.kind, samples.full
    entry = await create_entry(client, profile_owner, kind, **full)
    response = await patch_entry(client, profile_owner, kind, entry["id"], {})
    assert response.status_code == 200, response.text
    assert {field: response.json()[field] for field in full} == full


@by_field(lambda samples: samples.optional)
async def test_patch_null_clears_an_optional_field(
    client: AsyncClient, profile_owner: Account, samples: EntrySamples, field: str
) -> None:
    kind = samples.kind
    entry = await create_entry(client, profile_owner, kind, **samples.full)
    response = await patch_entry(client, profile_owner, kind, entry["id"], {field: None})
    assert response.status_code == 200, response.text
    assert (await get_entry(client, profile_owner, kind, entry["id"]))[field] is None


@by_field(lambda samples: samples.required)
@pytest.mark.parametrize("value", [None, "  "])
async def test_patch_cannot_blank_a_required_field(
    client: AsyncClient, profile_owner: Account, samples: EntrySamples, field: str, value: Any
) -> None:
    kind = samples.kind
    entry = await create_entry(client, profile_owner, kind, **samples.full)
    response = await patch_entry(client, profile_owner, kind, entry["id"], {field: value})
    assert_validation_error(response, field=field)
    await assert_entry_unchanged(client, profile_owner, kind, entry)
