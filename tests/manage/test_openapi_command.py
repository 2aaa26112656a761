"""`python -m manage openapi FILE`: the document client generators read, without a server."""

import json
from pathlib import Path

from httpx import AsyncClient

from tests.helpers.manage import run_manage


async def test_openapi_writes_what_the_server_serves(client: AsyncClient, manage_env: Path) -> None:
    output = manage_env / "openapi.json"
    assert await run_manage("openapi", str(output)) == 0
    served = (await client.get("/openapi.json")).json()
    assert json.loads(output.read_text(encoding="utf-8")) == served


async def test_openapi_writes_the_same_bytes_every_time(manage_env: Path) -> None:
    first, second = manage_env / "first.json", manage_env / "second.json"
    assert await run_manage("openapi", str(first)) == 0
    assert await run_manage("openapi", str(second)) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8").endswith("}\n")
