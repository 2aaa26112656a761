"""What FastAPI cannot see when it writes `/openapi.json`: the answers the middleware and the
error handlers give on every route, and the links from a created resource to its operations.

Generated clients and API fuzzers read the document as the contract, so a status the server can
answer must be declared on the operation that answers it, with its problem+json body.
"""

from http import HTTPStatus
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}

# Every operation: its path answers other methods with 405 and an `Allow` header.
EVERY_OPERATION = (405,)
# Operations that read a body: BodySizeLimitMiddleware (413) and the media type check (415).
WITH_A_BODY = (413, 415)
# Operations that reach the database: a busy one answers 503 (utils.error_handlers).
WITH_THE_DATABASE = (503,)

_ALLOW_HEADER = {
    "Allow": {
        "description": "The methods this path supports.",
        "schema": {"type": "string"},
    }
}


def _problem(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": HTTPStatus(status).phrase,
        "content": {"application/json": {"schema": PROBLEM_SCHEMA}},
    }
    if status == 405:
        response["headers"] = _ALLOW_HEADER
    return response


def operations(openapi_schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every operation of the document as (path, method, operation)."""
    return [
        (path, method, operation)
        for path, path_item in openapi_schema.get("paths", {}).items()
        for method, operation in path_item.items()
        if method in HTTP_METHODS and isinstance(operation, dict)
    ]


def declare_framework_statuses(
    openapi_schema: dict[str, Any], *, database_prefix: str
) -> dict[str, Any]:
    """Add the statuses no route declares by itself: 405 everywhere, 413 and 415 where a body
    is read, 503 under `database_prefix` (every route there opens a session to authenticate).

    Runs before `document_problem_media_type`, which files the bodies as problem+json.
    """
    for path, _method, operation in operations(openapi_schema):
        statuses = list(EVERY_OPERATION)
        if "requestBody" in operation:
            statuses += WITH_A_BODY
        if path.startswith(database_prefix):
            statuses += WITH_THE_DATABASE
        responses = operation.setdefault("responses", {})
        for status in statuses:
            responses.setdefault(str(status), _problem(status))
    return openapi_schema


def _response_fields(response: dict[str, Any], openapi_schema: dict[str, Any]) -> set[str]:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    name = schema.get("$ref", "").rpartition("/")[2]
    model = openapi_schema.get("components", {}).get("schemas", {}).get(name, schema)
    return set(model.get("properties", {}))


def _created_links(
    collection: str, created: dict[str, Any], openapi_schema: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Links from a 201 on `collection` to the operations on `collection/{x_id}` (filled from
    the created `id`) or `collection/{field}` (from that field, e.g. a news item's slug)."""
    fields = _response_fields(created, openapi_schema)
    links: dict[str, dict[str, Any]] = {}
    for path, path_item in openapi_schema.get("paths", {}).items():
        segment = path.removeprefix(f"{collection}/")
        if segment == path or not (segment.startswith("{") and segment.endswith("}")):
            continue
        parameter = segment.strip("{}")
        field = "id" if parameter.endswith("_id") else parameter
        if field not in fields:
            continue
        for method, operation in path_item.items():
            if method in HTTP_METHODS and "operationId" in operation:
                links[operation["operationId"]] = {
                    "operationId": operation["operationId"],
                    "parameters": {parameter: f"$response.body#/{field}"},
                    "description": f"`{parameter}` is the `{field}` of the created resource.",
                }
    return links


def link_created_resources(openapi_schema: dict[str, Any]) -> dict[str, Any]:
    """A `POST /things` answering 201 links to `GET|PATCH|DELETE /things/{thing_id}`, so clients
    and stateful fuzzers follow a created resource through reading, changing and deleting."""
    for path, method, operation in operations(openapi_schema):
        created = operation.get("responses", {}).get("201")
        if method != "post" or created is None:
            continue
        links = _created_links(path, created, openapi_schema)
        if links:
            created.setdefault("links", {}).update(links)
    return openapi_schema
