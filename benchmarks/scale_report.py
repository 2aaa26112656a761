"""Results of `benchmarks.scale`: tables, targets (reported, not asserted) and JSON."""

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RSS_TARGET_MIB = 150.0
RATIO_TARGET = 1.5
RATIO_CASES = ("list", "deep-cursor", "search", "mine")


@dataclass(frozen=True)
class CaseResult:
    case: str
    clients: int
    p50_ms: float | None = None
    p99_ms: float | None = None
    rps: float | None = None
    requests: int = 0
    errors: int = 0
    note: str = ""  # why there are no numbers (n/a, HTTP error), or a detail worth showing
    cpu_ms: float | None = None  # server CPU per request
    db_cpu_ms: float | None = None  # PostgreSQL's CPU per request (SQLite's is the server's)


@dataclass
class RunResult:
    database: str
    rows: int
    seed_s: float = 0.0
    analyze_s: float = 0.0
    peak_rss_mib: float | None = None
    info: dict[str, Any] = field(default_factory=dict)
    cases: list[CaseResult] = field(default_factory=list)

    def find(self, case: str, clients: int) -> CaseResult | None:
        return next((r for r in self.cases if r.case == case and r.clients == clients), None)


@dataclass(frozen=True)
class Verdict:
    scope: str  # "sqlite 10,000", or a database for the size ratios
    target: str
    value: str
    met: bool
    case: str | None = None  # set for a target on one row of a run's table
    clients: int | None = None

    def __str__(self) -> str:
        row = "" if self.case is None else f" {self.case} @{self.clients}:"
        return f"{self.scope}{row} {self.target}"


@dataclass(frozen=True)
class CaseTarget:
    database: str
    rows: int
    case: str
    clients: int
    target: str
    metric: str  # a CaseResult field
    met: Callable[[float], bool]


CASE_TARGETS = (
    CaseTarget("sqlite", 10_000, "list", 1, "p50 <= 4 ms", "p50_ms", lambda v: v <= 4),
    CaseTarget("sqlite", 10_000, "list", 32, ">= 300 req/s", "rps", lambda v: v >= 300),
    CaseTarget("sqlite", 10_000, "list", 32, "p99 < 200 ms", "p99_ms", lambda v: v < 200),
)


def _scope(run: "RunResult") -> str:
    return f"{run.database} {run.rows:,}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _table(header: list[str], rows: Iterable[list[str]]) -> str:
    all_rows = [header, *rows]
    widths = [max(len(row[i]) for row in all_rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in all_rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def run_table(run: RunResult, verdicts: list[Verdict]) -> str:
    def target(result: CaseResult) -> str:
        return "; ".join(
            f"{v.target} {'ok' if v.met else 'MISSED'}"
            for v in verdicts
            if (v.scope, v.case, v.clients) == (_scope(run), result.case, result.clients)
        )

    rows = [
        [r.case, str(r.clients), _ms(r.p50_ms), _ms(r.p99_ms),
         "-" if r.rps is None else f"{r.rps:.0f}", _ms(r.cpu_ms), _ms(r.db_cpu_ms),
         str(r.errors), target(r), r.note]
        for r in run.cases
    ]  # fmt: skip
    header = ["case", "clients", "p50 ms", "p99 ms", "req/s", "cpu ms", "db cpu ms", "errors"]
    header += ["target", "note"]
    return _table(header, rows)


def _ratio(small: RunResult, large: RunResult, case: str) -> float | None:
    low, high = small.find(case, 1), large.find(case, 1)
    if low is None or high is None or not low.p50_ms or high.p50_ms is None:
        return None
    return high.p50_ms / low.p50_ms


def size_pairs(runs: list[RunResult]) -> list[tuple[RunResult, RunResult]]:
    """(smallest, largest) run of each database that was measured at two sizes or more."""
    pairs = []
    for database in dict.fromkeys(run.database for run in runs):
        same = sorted((r for r in runs if r.database == database), key=lambda r: r.rows)
        if len(same) >= 2:
            pairs.append((same[0], same[-1]))
    return pairs


def ratio_table(small: RunResult, large: RunResult) -> str:
    rows = []
    for case in dict.fromkeys(r.case for r in large.cases):
        ratio = _ratio(small, large, case)
        goal = f"<= {RATIO_TARGET}x" if case in RATIO_CASES else ""
        verdict = "" if not goal or ratio is None else "ok" if ratio <= RATIO_TARGET else "MISSED"
        rows.append([case, "-" if ratio is None else f"{ratio:.2f}x", goal, verdict])
    return _table(["case", f"p50 {large.rows:,} / {small.rows:,}", "target", ""], rows)


def rss_table(runs: list[RunResult]) -> str:
    rows = [
        [run.database, f"{run.rows:,}", _ms(run.peak_rss_mib), f"<= {RSS_TARGET_MIB:.0f}",
         "" if run.peak_rss_mib is None else "ok" if run.peak_rss_mib <= RSS_TARGET_MIB
         else "MISSED"]
        for run in runs
    ]  # fmt: skip
    return _table(["database", "rows", "peak RSS MiB", "target", ""], rows)


def _verdict(
    scope: str, target: str, value: float | None, met: Callable[[float], bool], **row: Any
) -> list[Verdict]:
    return [] if value is None else [Verdict(scope, target, f"{value:.2f}", met(value), **row)]


def _run_verdicts(run: RunResult) -> list[Verdict]:
    verdicts = []
    for goal in CASE_TARGETS:
        result = run.find(goal.case, goal.clients)
        if (goal.database, goal.rows) == (run.database, run.rows) and result is not None:
            value = getattr(result, goal.metric)
            row = {"case": goal.case, "clients": goal.clients}
            verdicts += _verdict(_scope(run), goal.target, value, goal.met, **row)
    rss = f"peak RSS <= {RSS_TARGET_MIB:.0f} MiB"
    verdicts += _verdict(_scope(run), rss, run.peak_rss_mib, lambda v: v <= RSS_TARGET_MIB)
    errors = sum(result.errors for result in run.cases)
    verdicts.append(Verdict(_scope(run), "every answer 2xx", f"{errors} errors", errors == 0))
    return verdicts


def check_targets(runs: list[RunResult]) -> list[Verdict]:
    verdicts = [verdict for run in runs for verdict in _run_verdicts(run)]
    for small, large in size_pairs(runs):
        for case in RATIO_CASES:
            target = f"{case}: p50 at {large.rows:,} <= {RATIO_TARGET}x {small.rows:,}"
            ratio = _ratio(small, large, case)
            verdicts += _verdict(large.database, target, ratio, lambda v: v <= RATIO_TARGET)
    return verdicts


def write_json(path: Path, meta: dict[str, Any], runs: list[RunResult]) -> None:
    document = {**meta, "runs": [asdict(run) for run in runs]}
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
