"""Money in request and response bodies: exact two-place decimals, never floats."""

import re
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
MAX_MONEY = Decimal("999999999999.99")


def _money(value: object) -> Decimal:
    """A JSON number or a plain decimal string ("49.99"), never more than two places.

    Floats are read by their shortest form (49.99, not 49.98999...), so what the client wrote
    is what is checked; exponents, "NaN", "1_000" and booleans are refused.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError("must be a number or a decimal string")
    text = repr(value) if isinstance(value, float) else str(value).strip()
    if not _PLAIN_DECIMAL.fullmatch(text):
        raise ValueError("must be a plain decimal number such as 49.99")
    amount = Decimal(text)
    if -amount.as_tuple().exponent > 2:  # type: ignore[operator]
        raise ValueError("must have at most two decimal places")
    return amount


# Input: a non-negative amount with at most two places; output: always a two-place string.
# The schema `_money` enforces: a number with at most two places, or the same as a string.
_MONEY_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": float(MAX_MONEY), "multipleOf": 0.01},
        {"type": "string", "pattern": r"^[0-9]{1,12}(\.[0-9]{1,2})?$"},
    ]
}
Money = Annotated[
    Decimal, BeforeValidator(_money), Field(ge=0, le=MAX_MONEY), WithJsonSchema(_MONEY_SCHEMA)
]
MoneyOut = Annotated[Decimal, PlainSerializer(lambda value: f"{value:.2f}", return_type=str)]
