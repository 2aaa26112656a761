"""Schemathesis hooks (`schemathesis.toml` loads them): values only a server or a client issues.

Two inputs are well formed by the schema yet meaningful only as issued: a list's `cursor` is
the `next_cursor` of a page the server answered, and an `Idempotency-Key` is a key a client
uses for one request. A fuzzer inventing them sends a cursor of its own (refused, 422) or one
key with many bodies (refused, 422 by SPEC §4). So before each call a valid generated cursor
is taken out and a valid key made unique; an invalid one is left, so the server is still seen
refusing it. `before_call` runs in every phase, the coverage phase included.
"""

import uuid
from typing import Any

import schemathesis

from utils.idempotency import HEADER, KEY_FORMAT
from utils.pagination import MAX_CURSOR_LENGTH


@schemathesis.hook
def before_call(_context: Any, case: Any, kwargs: dict[str, Any]) -> None:  # noqa: ARG001
    cursor = (case.query or {}).get("cursor")
    if isinstance(cursor, str) and len(cursor) <= MAX_CURSOR_LENGTH:
        del case.query["cursor"]
    key = (case.headers or {}).get(HEADER)
    if isinstance(key, str) and KEY_FORMAT.fullmatch(key):
        case.headers[HEADER] = str(uuid.uuid4())
