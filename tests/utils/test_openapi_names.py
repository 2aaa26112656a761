"""Names in /openapi.json become identifiers in generated clients: they must read as types."""

import re
from typing import Any

import pytest
from httpx import AsyncClient

from utils.openapi_names import readable_page_names

# Letters and digits, starting with a capital: a type name in TypeScript, Kotlin, Swift, ...
PASCAL_CASE = re.compile(r"[A-Z][A-Za-z0-9]*")


async def openapi_document(client: AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


async def test_every_component_schema_has_a_pascal_case_name(client: AsyncClient) -> None:
    names = (await openapi_document(client))["components"]["schemas"]
    assert [name for name in names if not PASCAL_CASE.fullmatch(name)] == []


async def test_lists_answer_a_page_named_after_their_items(client: AsyncClient) -> None:
    document = await openapi_document(client)
    jobs_list = document["paths"]["/api/v1/jobs"]["get"]["responses"]["200"]["content"]
    assert jobs_list["application/json"]["schema"] == {"$ref": "#/components/schemas/JobPage"}
    job_page = document["components"]["schemas"]["JobPage"]
    assert job_page["title"] == "JobPage"
    assert job_page["properties"]["items"]["items"] == {"$ref": "#/components/schemas/JobOut"}
    assert "Page_" not in str(document)


async def test_the_token_form_has_a_name(client: AsyncClient) -> None:
    document = await openapi_document(client)
    body = document["paths"]["/api/v1/auth/token"]["post"]["requestBody"]["content"]
    form = body["application/x-www-form-urlencoded"]["schema"]
    assert form == {"$ref": "#/components/schemas/PasswordGrantForm"}


def test_two_pages_cannot_share_a_name() -> None:
    document: dict[str, Any] = {"components": {"schemas": {"Page_JobOut_": {}, "JobPage": {}}}}
    with pytest.raises(RuntimeError, match="share a schema name"):
        readable_page_names(document)
