"""Requests for the talent directory tests: publishing a profile and reading the directory."""

from typing import Any

from httpx import AsyncClient

from tests.factories import TestUser as Account
from tests.routes.profile_helpers import put_profile
from tests.support import json_body

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
