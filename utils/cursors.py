"""Opaque list cursors: where the next page of a list starts (keyset pagination).

A cursor records the sort it belongs to, the sort key and id of the last row of the page it
came from, and the number of the page it leads to. The client treats it as an opaque string;
we keep it readable (base64url of a small JSON array) rather than signed: a forged cursor can
only move the caller within rows their own scope already lets them list, so integrity adds
nothing, and decoding still refuses anything we would not have written (422, never a 500).
"""

import base64
import binascii
import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

SortKey = datetime | date | Decimal | int | str | None

# Page numbers a cursor may carry: far beyond any real list, and never a bool.
_MAX_PAGE = 2**31

# The JSON tag of each sort key type; a datetime is tested before date, its base class.
_TAGS: tuple[tuple[str, type], ...] = (
    ("t", datetime),
    ("d", date),
    ("m", Decimal),
    ("i", int),
    ("s", str),
)
# Decimal sort keys are money amounts (`database.types.Cents`): at most two places, and few
# enough digits that the amount in cents fits the 64-bit column it is compared with.
_MONEY = re.compile(r"-?[0-9]{1,16}(\.[0-9]{1,2})?")


@dataclass(frozen=True, slots=True)
class Cursor:
    sort: str  # the sort it was issued for, e.g. "-created_at"
    key: SortKey  # the sort key of the previous page's last row (None: it had no value)
    row_id: uuid.UUID  # and that row's id, the tie-breaker
    page: int  # the page number this cursor leads to


def _encode_key(key: SortKey) -> list[Any]:
    if key is None:
        return ["n"]
    for tag, kind in _TAGS:
        if isinstance(key, kind) and not isinstance(key, bool):
            return [tag, _as_json(key)]
    raise TypeError(f"cannot put a {type(key).__name__} in a cursor")


def _as_json(key: SortKey) -> Any:
    if isinstance(key, date):
        return key.isoformat()
    if isinstance(key, Decimal):
        return format(key, "f")
    return key


def _decode_key(tagged: Any) -> SortKey:
    match tagged:
        case ["n"]:
            return None
        case ["t", str(text)]:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                raise ValueError("naive timestamp")
            try:  # stored keys are UTC; one at the edge of the calendar cannot be shifted there
                return moment.astimezone(UTC)
            except OverflowError as exc:
                raise ValueError("timestamp out of range") from exc
        case ["d", str(text)]:
            return date.fromisoformat(text)
        case ["m", str(text)] if _MONEY.fullmatch(text):
            return Decimal(text)
        case ["i", int(number)] if not isinstance(number, bool) and -(2**63) <= number < 2**63:
            return number
        case ["s", str(text)] if _is_text(text):
            return text
    raise ValueError("unknown sort key")


def _is_text(text: str) -> bool:
    """Text a database can hold: no NUL, no lone surrogate (both would fail at the driver)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def encode_cursor(cursor: Cursor) -> str:
    payload = [cursor.sort, _encode_key(cursor.key), cursor.row_id.hex, cursor.page]
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(text: str) -> Cursor:
    """Read a cursor this module wrote; `ValueError` for anything else."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        payload = json.loads(raw)
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError("not a cursor") from exc
    match payload:
        case [str(sort), tagged, str(row_id), int(page)] if (
            not isinstance(page, bool) and 1 <= page <= _MAX_PAGE
        ):
            key = _decode_key(tagged)
            return Cursor(sort=sort, key=key, row_id=uuid.UUID(hex=row_id), page=page)
    raise ValueError("not a cursor")
