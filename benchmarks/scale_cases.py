"""The requests `benchmarks.scale` measures, and how one case is measured.

Every case is one fixed request sent by one account. Before any load, a single probe must
answer with the case's exact status (200, or 201 for `create`); otherwise the case is reported
with that answer instead of numbers. Then, per client count, a warm-up run and a timed run,
each followed by a wait until the server is idle again: a client that gives up (wrk stops at
the end of its run) leaves its request running, which must not slow down the next run.
"""

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from benchmarks.scale_data import JobGenerator, SeedStats
from benchmarks.scale_load import HttpRequest, LoadResult, run_load
from benchmarks.scale_report import CaseResult
from benchmarks.scale_server import API, Account, call, expect

CASES = ("list", "deep-page", "deep-cursor", "search", "search-rare", "mine", "me", "create")
PAGE_SIZE = 20
NEW_JOB = {
    "title": "Scale Benchmark Engineer",
    "description": "Measure the list path at scale.",
    "company_name": "Bench Co",
    "employment_type": "full_time",
    "tags": ["python"],
}


@dataclass(frozen=True)
class LoadPlan:
    clients: list[int]
    warmup_s: float
    duration_s: float
    tool: str  # "wrk" or "python"


@dataclass(frozen=True)
class CpuReading:
    """CPU seconds used so far: the server's, and each database server process's by pid
    (None for SQLite, which runs inside the server)."""

    server_s: float
    database_s: dict[int, float] | None = None

    def per_request_ms(self, before: "CpuReading", requests: int) -> tuple[float, float | None]:
        """Server and database CPU per request since `before`. A database process that
        connected in between counts whole; one that left in between is missed."""
        server = (self.server_s - before.server_s) * 1000 / requests
        if self.database_s is None or before.database_s is None:
            return server, None
        start = before.database_s
        used = sum(now - start.get(pid, 0.0) for pid, now in self.database_s.items())
        return server, used * 1000 / requests


@dataclass(frozen=True)
class Case:
    name: str
    request: HttpRequest | None  # None: not applicable to this build (see note)
    status: int = 200
    note: str = ""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def jobs_path(**query: str | int) -> str:
    return f"{API}/jobs?" + "&".join(f"{key}={quote(str(value))}" for key, value in query.items())


def deep_page(visible: int) -> int:
    """The page that starts about 90 % of the way through the open jobs."""
    return int(visible * 0.9) // PAGE_SIZE + 1


def _cursor_case(base_url: str, viewer: str, deep: int) -> Case:
    """The page after the deep one, reached by the cursor the deep page hands out."""
    deep_url = jobs_path(page=deep, page_size=PAGE_SIZE)
    page = expect(call(base_url, "GET", deep_url, token=viewer), 200)
    if "next_cursor" not in page:
        return Case("deep-cursor", None, note="n/a: no next_cursor in this build")
    if page["next_cursor"] is None:
        return Case("deep-cursor", None, note="n/a: the deep page is the last one")
    path = jobs_path(cursor=page["next_cursor"], page_size=PAGE_SIZE)
    return Case("deep-cursor", HttpRequest("GET", path, viewer))


def plan_case(name: str, base_url: str, accounts: dict[str, Account], gen: JobGenerator) -> Case:
    viewer, owner = accounts["viewer"].token, accounts["owner"].token
    deep = deep_page(gen.stats.visible)
    if name == "deep-cursor":
        return _cursor_case(base_url, viewer, deep)
    if name == "create":
        return Case(name, HttpRequest("POST", f"{API}/jobs", owner, json.dumps(NEW_JOB)), 201)
    paths = {
        "list": (jobs_path(page=1, page_size=PAGE_SIZE), viewer),
        "deep-page": (jobs_path(page=deep, page_size=PAGE_SIZE), viewer),
        "search": (jobs_path(q=gen.search_term, page_size=PAGE_SIZE), viewer),
        "search-rare": (jobs_path(q=gen.rare_term, page_size=PAGE_SIZE), viewer),
        "mine": (jobs_path(mine="true", page_size=PAGE_SIZE), owner),
        "me": (f"{API}/auth/me", viewer),
    }
    path, token = paths[name]
    return Case(name, HttpRequest("GET", path, token))


def _probe(base_url: str, case: Case, request: HttpRequest) -> str | None:
    """None when the request answers as expected, else what it answered."""
    body = None if request.body is None else json.loads(request.body)
    answer = call(base_url, request.method, request.path, token=request.token, body=body)
    if answer.status_code == case.status:
        return None
    try:
        detail = answer.json().get("detail") or answer.text
    except ValueError:
        detail = answer.text
    return f"HTTP {answer.status_code} (expected {case.status}): {str(detail)[:120]}"


def measure(
    base_url: str,
    case: Case,
    plan: LoadPlan,
    settle: Callable[[], None],
    read_cpu: Callable[[], CpuReading],
) -> list[CaseResult]:
    """`settle` waits until the server has finished the requests a load run left behind.

    CPU per request is read around the timed run and its settling, so it includes the
    requests still running when the load generator stopped, which it does not count: an
    overstatement of at most `clients` requests in the thousands a run completes.
    """
    if case.request is None:
        return [CaseResult(case.name, clients, note=case.note) for clients in plan.clients]
    failure = _probe(base_url, case, case.request)
    if failure is not None:
        log(f"  {case.name}: {failure}")
        return [CaseResult(case.name, c, errors=1, note=failure) for c in plan.clients]
    results = []
    for clients in plan.clients:
        log(f"  {case.name} @{clients}")
        run_load(base_url, case.request, clients=clients, seconds=plan.warmup_s, tool=plan.tool)
        settle()
        before = read_cpu()
        load = run_load(
            base_url, case.request, clients=clients, seconds=plan.duration_s, tool=plan.tool
        )
        settle()
        results.append(_result(case.name, clients, load, plan.duration_s, read_cpu(), before))
    return results


def _result(
    case: str, clients: int, load: LoadResult, seconds: float, cpu: CpuReading, before: CpuReading
) -> CaseResult:
    if load.requests == 0:  # every request outlasted the run: no latency to report
        note = f"no answer within the {seconds:g} s run"
        return CaseResult(case, clients, rps=0.0, errors=load.errors, note=note)
    server_ms, database_ms = cpu.per_request_ms(before, load.requests)
    return CaseResult(
        case,
        clients,
        load.p50_ms,
        load.p99_ms,
        load.rps,
        load.requests,
        load.errors,
        cpu_ms=server_ms,
        db_cpu_ms=database_ms,
    )


def check_seed(base_url: str, accounts: dict[str, Account], stats: SeedStats) -> None:
    """The app's page 1 starts with the newest seeded job (ids and timestamps sort as stored)
    and, where the app reports exact totals, counts what was seeded."""
    viewer, owner = accounts["viewer"].token, accounts["owner"].token
    page = expect(call(base_url, "GET", jobs_path(page_size=1), token=viewer), 200)
    first = page["items"][0]["id"] if page["items"] else None
    if first != str(stats.newest_visible_id):
        raise RuntimeError(f"page 1 starts with job {first}, expected {stats.newest_visible_id}")
    mine = expect(call(base_url, "GET", jobs_path(mine="true", page_size=1), token=owner), 200)
    for name, answer, seeded in (("open", page, stats.visible), ("own", mine, stats.owner_live)):
        if not answer.get("total_is_estimate") and answer.get("total", seeded) != seeded:
            raise RuntimeError(f"the app counts {answer['total']} {name} jobs, seeded {seeded}")


def app_totals(base_url: str, viewer: str, terms: list[str]) -> dict[str, int | None]:
    """The `total` the app reports for each search term (None: absent or an estimate)."""
    totals: dict[str, int | None] = {}
    for term in terms:
        page = expect(call(base_url, "GET", jobs_path(q=term, page_size=1), token=viewer), 200)
        exact = "total" in page and not page.get("total_is_estimate")
        totals[term] = page["total"] if exact else None
    return totals
