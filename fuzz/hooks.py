"""Schemathesis hooks (`schemathesis.toml` loads them): what a schema cannot say of a request.

Two inputs are well formed by the schema yet meaningful only as issued: a list's `cursor` is
the `next_cursor` of a page the server answered, and an `Idempotency-Key` is a key a client
uses for one request. A fuzzer inventing them sends a cursor of its own (refused, 422) or one
key with many bodies (refused, 422 by SPEC §4). So before each call a valid generated cursor
is taken out and a valid key made unique; an invalid one is left, so the server is still seen
refusing it. `before_call` runs in every phase, the coverage phase included.

Some rules of a create body compare two of its values, or a value with the clock, which JSON
Schema cannot state: `salary_max >= salary_min`, `end_date >= start_date`, an `expires_at`
in the future, a news title with a letter or digit (after folding accents) when no slug is
sent (SPEC: 422). `filter_case` (also run in every phase) drops the positive cases
that break one, judged by the very function the server applies, so the fuzzer never expects
such a body to be accepted; negative cases stay, as do bodies the rule accepts.

Applications and proposals need a second party: `map_case` puts the counterpart that
`python -m fuzz` seeds into their bodies, so they are created and their links followed.
"""

import json
import os
import uuid
import zlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import schemathesis
from pydantic import BaseModel, TypeAdapter, ValidationError

from routes.jobs.schemas import JobCreate
from routes.news.schemas import NewsCreate
from routes.profile.educations.schemas import EducationCreate
from routes.profile.experiences.schemas import ExperienceCreate
from services.jobs import check_salary
from services.news import slug_for
from services.profile_entries import check_dates
from utils.errors import InvalidFields
from utils.idempotency import HEADER, KEY_FORMAT
from utils.instants import UtcInstant, in_the_future
from utils.pagination import MAX_CURSOR_LENGTH

# Set by `python -m fuzz`: another user and open jobs of theirs, for the caller to send
# proposals to and apply to (random ids are 404, the caller's own are 400), and a job of the
# caller's own that a proposal may name; several jobs, comma-separated, as one active
# application per job is allowed (409). Unset, the generated ids stay.
COUNTERPART_ID = "FUZZ_COUNTERPART_ID"
OPEN_JOB_ID = "FUZZ_OPEN_JOB_ID"
OWN_JOB_ID = "FUZZ_OWN_JOB_ID"
# The body fields of each create that take those ids, and the variable holding each.
SEEDED_FIELDS = {
    "applications-create": {"job_id": OPEN_JOB_ID},
    "proposals-create": {"recipient_id": COUNTERPART_ID, "job_id": OWN_JOB_ID},
}

_INSTANT: TypeAdapter[datetime] = TypeAdapter(UtcInstant)


def _salary_in_order(values: dict[str, Any]) -> None:
    check_salary(values)


def _dates_in_order(values: dict[str, Any]) -> None:
    check_dates(values["start_date"], values.get("end_date"))


def _slug_derivable(values: dict[str, Any]) -> None:
    slug_for(values)  # a title without a letter or digit to derive a slug from needs a slug


# The operation, the body model that parses its values, and the server's rule over them.
RULES_ACROSS_FIELDS: dict[str, tuple[type[BaseModel], Callable[[dict[str, Any]], None]]] = {
    "jobs-create": (JobCreate, _salary_in_order),
    "news-create": (NewsCreate, _slug_derivable),
    "experiences-create": (ExperienceCreate, _dates_in_order),
    "educations-create": (EducationCreate, _dates_in_order),
}
# Bodies whose `expires_at`, when given, must be later than now (`utils.instants`).
DEADLINES = {"proposals-create"}


def _breaks_a_rule(operation_id: str, body: dict[str, Any]) -> bool:
    if operation_id in DEADLINES and isinstance(body.get("expires_at"), str):
        try:
            in_the_future(_INSTANT.validate_python(body["expires_at"]))
        except (ValidationError, ValueError):
            return True
    if operation_id not in RULES_ACROSS_FIELDS:
        return False
    model, rule = RULES_ACROSS_FIELDS[operation_id]
    try:
        values = model.model_validate_json(json.dumps(body)).model_dump()
    except ValidationError:
        return False  # refused for a reason of its own: the fuzzer still expects a 422
    try:
        rule(values)
    except InvalidFields:
        return True
    return False


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return True
    operation_id = context.operation.definition.raw.get("operationId", "")
    return not (isinstance(case.body, dict) and _breaks_a_rule(operation_id, case.body))


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    operation_id = context.operation.definition.raw.get("operationId", "")
    for field, variable in SEEDED_FIELDS.get(operation_id, {}).items():
        if isinstance(case.body, dict) and case.body.get(field) and variable in os.environ:
            ids = os.environ[variable].split(",")
            # Picked by the body, not at random, so a seeded run stays the same run.
            digest = zlib.crc32(json.dumps(case.body, sort_keys=True, default=str).encode())
            case.body[field] = ids[digest % len(ids)]
    return case


@schemathesis.hook
def before_call(_context: Any, case: Any, kwargs: dict[str, Any]) -> None:  # noqa: ARG001
    cursor = (case.query or {}).get("cursor")
    if isinstance(cursor, str) and len(cursor) <= MAX_CURSOR_LENGTH:
        del case.query["cursor"]
    key = (case.headers or {}).get(HEADER)
    if isinstance(key, str) and KEY_FORMAT.fullmatch(key):
        case.headers[HEADER] = str(uuid.uuid4())
