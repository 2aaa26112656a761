"""Component names in `/openapi.json` that read well as types in a generated client.

Pydantic names a parametrised generic after its parts: `Page[JobOut]` is published as
`Page_JobOut_`, which generated clients turn into `Page_JobOut_` or `PageJobOut`. Every list
answers a `Page[...]`, so the renaming is done here, once, for all of them: `Page[JobOut]` is
`JobPage` in the document. Handlers keep writing `Page[JobOut]`; a new list needs nothing.
(Pydantic's `model_parametrized_name` hook renames the class, not its JSON schema reference.)
"""

import re
from typing import Any

# What pydantic makes of `Page[<Item>Out]` (or `Page[<Item>]`).
_GENERIC_PAGE = re.compile(r"Page_(?P<item>[A-Za-z0-9]+?)(?:Out)?_")
_SCHEMA_REF = "#/components/schemas/"


def readable_page_names(openapi_schema: dict[str, Any]) -> dict[str, Any]:
    """Rename every `Page_<Item>Out_` component to `<Item>Page`, and every reference to it."""
    schemas: dict[str, Any] = openapi_schema.get("components", {}).get("schemas", {})
    renames = {
        name: f"{found['item']}Page" for name in schemas if (found := _GENERIC_PAGE.fullmatch(name))
    }
    if not renames:  # FastAPI caches the document: a second call finds it renamed already
        return openapi_schema
    new_names = set(renames.values())
    if len(new_names) < len(renames) or new_names & set(schemas):
        raise RuntimeError(f"Generic pages would share a schema name: {sorted(renames.items())}")
    for old, new in renames.items():
        schemas[new] = {**schemas.pop(old), "title": new}
    ordered = sorted(schemas.items())  # as FastAPI lists them: by name
    schemas.clear()
    schemas.update(ordered)
    targets = {_SCHEMA_REF + old: _SCHEMA_REF + new for old, new in renames.items()}
    _point_references(openapi_schema, targets)
    return openapi_schema


def _point_references(node: Any, targets: dict[str, str]) -> None:
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str) and reference in targets:
            node["$ref"] = targets[reference]
        for value in node.values():
            _point_references(value, targets)
    elif isinstance(node, list):
        for value in node:
            _point_references(value, targets)
