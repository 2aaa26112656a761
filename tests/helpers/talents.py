"""Requests for the talent directory tests: publishing a profile and reading the directory."""

from typing import Any

from httpx import AsyncClient

from tests.helpers.accounts import Account
from tests.helpers.problems import json_body
from tests.helpers.profiles import put_profile

TALENTS = "/api/v1/talents"
TALENT_FIELDS = {
    "user_id",
    "full_name",
    "headline",
    "location",
    "skills",
    "open_to_work",
    "website",
}
DETAIL_FIELDS = TALENT_FIELDS | {"bio", "experiences", "educations"}


def talent_path(user_id: object) -> str:
    return f"{TALENTS}/{user_id}"


async def publish(client: AsyncClient, user: Account, **fields: Any) -> dict[str, Any]:
    """Give `user` a public profile (PUT, so it replaces any earlier one)."""
    return await put_profile(client, user, **{"visibility": "public", **fields})


async def list_talents(client: AsyncClient, viewer: Account, **params: Any) -> dict[str, Any]:
    return json_body(await client.get(TALENTS, headers=viewer.headers, params=params))


def user_ids(page: dict[str, Any]) -> list[str]:
    return [item["user_id"] for item in page["items"]]
