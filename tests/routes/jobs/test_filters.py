"""GET /jobs filters: `q`, `location`, `employment_type`, `remote`, `tag`, alone and together.

Text filters are case-insensitive substrings with `%` and `_` taken literally; `tag` matches a
whole tag. Drafts and closed jobs that match every filter still never appear outside `mine`.
"""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.helpers.accounts import AccountFactory
from tests.helpers.jobs import create_job, item_ids, job_in_status, list_jobs, open_job

# Open jobs the filter cases search, by name; created in this order, by alternating owners.
SEARCHABLE: dict[str, dict[str, Any]] = {
    "backend": {
        "title": "Backend Engineer",
        "company_name": "Acme",
        "description": "Python and SQL services.",
        "location": "Berlin, Germany",
        "employment_type": "full_time",
        "tags": ["Python", "sql"],
    },
    "frontend": {
        "title": "Frontend Developer",
        "company_name": "Globex",
        "description": "React, 100% remote.",
        "location": "Lisbon",
        "employment_type": "contract",
        "remote": True,
        "tags": ["react"],
    },
    "data": {
        "title": "Data_Scientist",
        "company_name": "Initech",
        "description": "Statistics and models.",
        "location": "berlin",
        "employment_type": "part_time",
        "remote": True,
        "tags": ["python", "ml"],
    },
    "intern": {
        "title": "Intern",
        "company_name": "Umbrella",
        "description": "Learn C:\\tools.",
        "employment_type": "internship",
    },
}
# (query parameters, names of the matching jobs)
FILTER_CASES: list[tuple[dict[str, Any], set[str]]] = [
    ({}, set(SEARCHABLE)),
    ({"q": "backend"}, {"backend"}),
    ({"q": "ACME"}, {"backend"}),
    ({"q": "statistics"}, {"data"}),
    ({"q": "  acme  "}, {"backend"}),
    ({"q": "python"}, {"backend"}),  # tags are not searched by q
    ({"q": "berlin"}, set()),  # nor is the location
    ({"q": "%"}, {"frontend"}),
    ({"q": "0%r"}, set()),
    ({"q": "_"}, {"data"}),
    ({"q": "a_s"}, {"data"}),
    ({"q": "d_v"}, set()),
    ({"q": "\\"}, {"intern"}),
    ({"location": "BERLIN"}, {"backend", "data"}),
    ({"location": "germ"}, {"backend"}),
    ({"location": "%"}, set()),
    ({"employment_type": "contract"}, {"frontend"}),
    ({"employment_type": "freelance"}, set()),
    ({"remote": True}, {"frontend", "data"}),
    ({"remote": False}, {"backend", "intern"}),
    ({"tag": "PYTHON"}, {"backend", "data"}),
    ({"tag": " React "}, {"frontend"}),
    ({"tag": "py"}, set()),
    ({"location": "berlin", "remote": True}, {"data"}),
    ({"q": "engineer", "tag": "python"}, {"backend"}),
    ({"employment_type": "full_time", "remote": True}, set()),
    ({"status": "open", "tag": "ml"}, {"data"}),
]


async def searchable_jobs(client: AsyncClient, users: AccountFactory) -> dict[str, str]:
    """The open SEARCHABLE jobs of two owners, plus a draft and a closed job that match every
    text filter; returns the open jobs' ids by name."""
    owners = [await users.create(), await users.create()]
    ids = {}
    for index, (name, fields) in enumerate(SEARCHABLE.items()):
        ids[name] = (await open_job(client, owners[index % 2], **fields))["id"]
    for status, owner in (("draft", owners[0]), ("closed", owners[1])):
        hidden = {**SEARCHABLE["backend"], "description": "Data_Scientist 100% C:\\ remote"}
        await job_in_status(client, owner, status, **hidden, remote=True)
    return ids


@pytest.mark.parametrize(
    ("params", "expected"), FILTER_CASES, ids=[str(p) for p, _ in FILTER_CASES]
)
async def test_filters(
    client: AsyncClient, users: AccountFactory, params: dict[str, Any], expected: set[str]
) -> None:
    ids = await searchable_jobs(client, users)
    page = await list_jobs(client, await users.create(), **params)
    newest_first = [ids[name] for name in reversed(SEARCHABLE) if name in expected]
    assert item_ids(page) == newest_first
    assert page["total"] == len(expected)


async def test_filters_apply_to_mine_as_well(client: AsyncClient, users: AccountFactory) -> None:
    owner = await users.create()
    draft = await create_job(client, owner, title="Python Draft", tags=["python"])
    opened = await open_job(client, owner, title="Python Open", tags=["python"], remote=True)
    await open_job(client, owner, title="Go Open", tags=["go"])

    assert item_ids(await list_jobs(client, owner, mine=True, tag="python")) == [
        opened["id"],
        draft["id"],
    ]
    assert item_ids(await list_jobs(client, owner, mine=True, q="python", remote=False)) == [
        draft["id"]
    ]
    assert item_ids(await list_jobs(client, owner, tag="python")) == [opened["id"]]
