"""The JSON Schema of request bodies says what `InputModel` enforces beyond the declared types.

Pydantic describes lengths and patterns, but not what the model's own validators add: strings
are trimmed before their length is checked (so a required one cannot be blank), NUL is refused
everywhere, and a `PatchModel`'s `NOT_NULL` fields may be omitted but never null. Clients and
fuzzers read the schema as the contract, so these rules are written into it as patterns.
"""

from typing import Any

from pydantic import StringConstraints
from pydantic.fields import FieldInfo

# What Python's `str.strip()` removes, spelled out: JSON Schema's `\s` (ECMA-262) is another set.
_STRIPPED = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NO_NUL = r"^[^\x00]*$"
# Some character that trimming keeps: the string is not blank.
NOT_BLANK = rf"^[^\x00]*[^\x00{_STRIPPED}][^\x00]*$"


def _is_trimmed(field: FieldInfo) -> bool:
    """Input strings are trimmed unless the field opts out (passwords)."""
    return not any(
        isinstance(item, StringConstraints) and item.strip_whitespace is False
        for item in field.metadata
    )


def _describe_strings(schema: dict[str, Any], *, trimmed: bool) -> None:
    """Give every string without a pattern or format of its own the rule it is checked by."""
    if schema.get("type") == "string" and "pattern" not in schema and "format" not in schema:
        blank_refused = trimmed and schema.get("minLength", 0) >= 1
        schema["pattern"] = NOT_BLANK if blank_refused else NO_NUL
    for branch in schema.get("anyOf", []):
        _describe_strings(branch, trimmed=trimmed)
    if isinstance(schema.get("items"), dict):
        _describe_strings(schema["items"], trimmed=trimmed)


def describe_input_rules(
    schema: dict[str, Any], fields: dict[str, FieldInfo], not_null: tuple[str, ...]
) -> None:
    """Write the validators' rules into a body model's JSON Schema, in place."""
    for name, field in fields.items():
        property_schema = schema.get("properties", {}).get(field.alias or name)
        if property_schema is None:
            continue
        if name in not_null and "anyOf" in property_schema:
            branches = [b for b in property_schema.pop("anyOf") if b.get("type") != "null"]
            property_schema.update(branches[0] if len(branches) == 1 else {"anyOf": branches})
        _describe_strings(property_schema, trimmed=_is_trimmed(field))


def required_with(field: str, *, given: str) -> dict[str, Any]:
    """JSON Schema for "`field` is present and not null whenever `given` is": the rule a
    service enforces on a create body (422), stated where clients and fuzzers read it. Put
    into a model's `json_schema_extra` under `allOf`."""

    def present(name: str) -> dict[str, Any]:
        return {"required": [name], "properties": {name: {"not": {"type": "null"}}}}

    return {"if": present(given), "then": present(field)}
