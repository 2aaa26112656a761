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

# In a path parameter's schema: the field of a created resource that fills it in the links of
# the create's 201, where neither `id` nor a field of the parameter's name is meant.
LINK_FIELD = "x-link-field"

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


def _link_field(parameter: str, operation: dict[str, Any]) -> str:
    """The field of a created resource that fills the path `parameter` of `operation`: the one
    its schema names under `LINK_FIELD`, else `id` for a UUID, else the field of that name."""
    for declared in operation.get("parameters", []):
        if declared.get("in") == "path" and declared.get("name") == parameter:
            schema = declared.get("schema", {})
            if LINK_FIELD in schema:
                return str(schema[LINK_FIELD])
            if schema.get("format") == "uuid":
                return "id"
    return "id" if parameter.endswith("_id") else parameter


def _created_links(
    collection: str, created: dict[str, Any], openapi_schema: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Links from a 201 on `collection` to the operations on `collection/{x}`, each filled from
    the field `_link_field` names (the created `id`, or e.g. a news item's slug)."""
    fields = _response_fields(created, openapi_schema)
    links: dict[str, dict[str, Any]] = {}
    for path, path_item in openapi_schema.get("paths", {}).items():
        segment = path.removeprefix(f"{collection}/")
        if segment == path or not (segment.startswith("{") and segment.endswith("}")):
            continue
        parameter = segment.strip("{}")
        for method, operation in path_item.items():
            if method not in HTTP_METHODS or "operationId" not in operation:
                continue
            field = _link_field(parameter, operation)
            if field in fields:
                links[operation["operationId"]] = {
                    "operationId": operation["operationId"],
                    "parameters": {parameter: f"$response.body#/{field}"},
                    "description": f"`{parameter}` is the `{field}` of the created resource.",
                }
    return links


def link_created_resources(openapi_schema: dict[str, Any]) -> dict[str, Any]:
    """A `POST /things` answering 201 links to `GET|PATCH|DELETE /things/{thing_id}`, so clients
    and stateful fuzzers follow a created resource through reading, changing and deleting; a
    resource of one made by `PUT /thing` is linked from the 404 of `GET /thing`."""
    for path, method, operation in operations(openapi_schema):
        created = operation.get("responses", {}).get("201")
        if created is None:
            continue
        if method == "put":
            _link_missing_to_put(openapi_schema["paths"][path], operation)
        if method != "post":
            continue
        links = _created_links(path, created, openapi_schema)
        if links:
            created.setdefault("links", {}).update(links)
    return openapi_schema


def _link_missing_to_put(path_item: dict[str, Any], put: dict[str, Any]) -> None:
    """`GET /thing` answering 404 (a resource of one not made yet, e.g. the caller's profile)
    links to `PUT /thing`, which makes it; what needs it (`POST /profile/experiences`) then
    answers 201 instead of 404."""
    missing = path_item.get("get", {}).get("responses", {}).get("404")
    if missing is not None and "operationId" in put:
        missing.setdefault("links", {})[put["operationId"]] = {
            "operationId": put["operationId"],
            "description": "Nothing there yet: `PUT` makes it.",
        }
