"""The page statements of a list are built once per shape and kept in a bounded memo."""

from typing import Any

from sqlalchemy import Select, select

from database import page_statements as memo
from database.models import Job
from database.page_statements import After, PageStatements, page_statements
from services.jobs import OPEN_JOBS


def shape(
    statement: Select[Any] = OPEN_JOBS, *, descending: bool = True, after: After = After.START
) -> PageStatements:
    return page_statements(
        statement,
        column=Job.created_at,
        tie_breaker=Job.id,
        descending=descending,
        nullable=False,
        after=after,
    )


def test_the_same_list_shape_reuses_its_statements() -> None:
    first = shape()
    assert shape() is first
    assert shape(descending=False) is not first
    assert shape(after=After.KEY) is not first
    assert shape(after=After.KEY).page is not shape(after=After.NULL_KEY).page


def test_statements_built_per_request_age_out_and_the_memo_stays_bounded() -> None:
    kept = shape()
    for _ in range(memo.MEMO_SIZE * 2):
        shape(select(Job).where(Job.remote.is_(True)))
        assert shape() is kept  # in use, so never the least recently used
    assert len(memo._memo) <= memo.MEMO_SIZE
