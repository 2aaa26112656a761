"""`json_array_contains(column, value)`: does a JSON array column hold a string value?

Tags and skills are stored as JSON arrays, which SQLite and PostgreSQL query differently, so
this one construct compiles to each dialect's own way of expanding an array into rows. The
value is always a bound parameter, compared as text.
"""

from typing import Any

from sqlalchemy import ColumnElement, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import NullType


class json_array_contains(FunctionElement[Any]):  # noqa: N801 (reads as a SQL function)
    # Untyped, not Boolean: SQLite would render a Boolean function `EXISTS (...) = 1`.
    type = NullType()
    inherit_cache = True
    name = "json_array_contains"

    def __init__(self, column: ColumnElement[Any] | InstrumentedAttribute[Any], value: str) -> None:
        super().__init__(column, literal(value))


def _operands(element: json_array_contains, compiler: SQLCompiler, **kw: Any) -> tuple[str, str]:
    column, value = element.clauses
    return compiler.process(column, **kw), compiler.process(value, **kw)


@compiles(json_array_contains, "sqlite")
def _compile_sqlite(element: json_array_contains, compiler: SQLCompiler, **kw: Any) -> str:
    column, value = _operands(element, compiler, **kw)
    # Both operands are compiled SQL (a column and a bound parameter), never client text.
    return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = {value})"  # noqa: S608


@compiles(json_array_contains, "postgresql")
def _compile_postgresql(element: json_array_contains, compiler: SQLCompiler, **kw: Any) -> str:
    column, value = _operands(element, compiler, **kw)
    return (
        f"EXISTS (SELECT 1 FROM json_array_elements_text({column}) AS element(value) "  # noqa: S608
        f"WHERE element.value = {value})"
    )
