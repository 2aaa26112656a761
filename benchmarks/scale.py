"""The job list at scale, measured from outside a real uvicorn process: `make bench-scale`.

For each database (`--database-url`, SQLite temp file by default) and each size (`--rows`,
default 10,000 and 1,000,000) the benchmark creates a fresh database, migrates it with the
app's Alembic migrations, registers three users through the API (a viewer; an owner of exactly
10,000 jobs; a crowd user owning the rest), bulk-inserts the jobs with plain SQL and runs
ANALYZE. It then starts `uvicorn main:app --workers 1` (JSON access log at INFO, stdout to
/dev/null, pinned to CPU 0) and drives it with wrk, or `benchmarks.loadgen` without wrk,
pinned to CPU 1, at 1 and 32 concurrent clients:

  list         GET /jobs?page=1&page_size=20                  (viewer)
  deep-page    GET /jobs?page=<90 % of the open jobs>         (viewer)
  deep-cursor  GET /jobs?cursor=<next_cursor of deep-page>    (viewer; n/a without cursors)
  search       GET /jobs?q=<company word in ~0.3 % of jobs>   (viewer)
  search-rare  GET /jobs?q=<word in 5 jobs>                   (viewer)
  mine         GET /jobs?mine=true                            (owner, 10,000 jobs)
  me           GET /auth/me                                   (viewer)
  create       POST /jobs                                     (owner, 201)

It prints p50, p99, req/s and CPU per request (the server's; PostgreSQL's too) per case, the
large ÷ small p50 ratio (1 client), the server's peak RSS (VmHWM) and the targets next to
them; `--strict` exits 1 when one is missed. On a shared machine both req/s and CPU per
request move with the machine's other work, CPU per request less (±15 % where req/s moved
±25 %): compare builds in one run, alternating them.

Compare two builds with the same harness and data by pointing `--app-dir` at a checkout of
the other one (this repository's virtualenv runs it), then compare the JSON files:

  git worktree add ../before <commit>
  python -m benchmarks.scale --app-dir ../before --json before.json
  python -m benchmarks.scale --json after.json
"""

import argparse
import subprocess
import time
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks import scale_report as report
from benchmarks.scale_cases import (
    CASES,
    LoadPlan,
    app_totals,
    check_seed,
    deep_page,
    log,
    measure,
    plan_case,
)
from benchmarks.scale_data import JobGenerator
from benchmarks.scale_db import (
    ScratchDatabase,
    busy,
    check_sqlite_formats,
    cpu_reading,
    database_kind,
    migrate,
    scratch_database,
    seed_jobs,
)
from benchmarks.scale_load import load_tool
from benchmarks.scale_server import Server, register_accounts

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Options:
    databases: list[str]  # "sqlite" or PostgreSQL admin URLs
    rows: list[int]
    cases: list[str]
    load: LoadPlan
    app_dir: Path
    seed: int
    server_log: Path | None


def run_size(url: str, rows: int, options: Options) -> report.RunResult:
    """Fresh database, three accounts, `rows` jobs, then every case against a new server."""
    with scratch_database(url) as database:
        name = f"[{database.kind} {rows:,}]"
        log(f"{name} migrating")
        migrate(database, options.app_dir)
        with Server(options.app_dir, database.url, log=options.server_log) as server:
            accounts = register_accounts(server.base_url, ("viewer", "owner", "crowd"))
        if database.kind == "sqlite":
            check_sqlite_formats(database)
        owner, crowd = accounts["owner"].id, accounts["crowd"].id
        gen = JobGenerator(rows, owner=owner, crowd=crowd, seed=options.seed)
        log(f"{name} seeding")
        timing = seed_jobs(database, gen.rows())
        run = report.RunResult(database.kind, rows, timing.insert_s, timing.analyze_s)
        log(f"{name} seeded in {timing.total_s:.1f} s; measuring")
        with Server(options.app_dir, database.url, log=options.server_log) as server:
            check_seed(server.base_url, accounts, gen.stats)
            run.info = _run_info(gen, server, accounts["viewer"].token)
            settle = partial(wait_until_idle, server, database)
            read_cpu = partial(cpu_reading, server.cpu_seconds, database)
            for case_name in options.cases:
                case = plan_case(case_name, server.base_url, accounts, gen)
                run.cases += measure(server.base_url, case, options.load, settle, read_cpu)
            run.peak_rss_mib = server.peak_rss_mib()
    return run


def wait_until_idle(server: Server, database: ScratchDatabase, limit_s: float = 300) -> None:
    """Until the server uses under 10 % of a CPU and the database runs none of its queries."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        used = server.cpu_seconds()
        time.sleep(0.25)
        if server.cpu_seconds() - used < 0.025 and not busy(database):
            return
    log(f"  the server is still busy after {limit_s:.0f} s")


def _run_info(gen: JobGenerator, server: Server, viewer: str) -> dict[str, Any]:
    stats, terms = gen.stats, [gen.search_term, gen.rare_term]
    return {
        "open_jobs": stats.visible,
        "owner_jobs": stats.owner_live,
        "deep_page": deep_page(stats.visible),
        "search_term": gen.search_term,
        "search_matches": stats.matches[gen.search_term],
        "rare_term": gen.rare_term,
        "rare_matches": stats.matches[gen.rare_term],
        "app_totals": app_totals(server.base_url, viewer, terms),
        "single_process": server.serves_from_one_process(),
    }


def _print_run(run: report.RunResult) -> None:
    info = run.info
    totals = info["app_totals"]
    searches = ", ".join(
        f"{case} {info[term]!r} matches {info[matches]:,} open jobs (the app counts "
        f"{'?' if totals[info[term]] is None else format(totals[info[term]], ',')})"
        for case, term, matches in (
            ("search", "search_term", "search_matches"),
            ("search-rare", "rare_term", "rare_matches"),
        )
    )
    print(
        f"\n== {run.database}, {run.rows:,} jobs (seeded in {run.seed_s:.1f} s, ANALYZE "
        f"{run.analyze_s:.1f} s): {info['open_jobs']:,} open, {info['owner_jobs']:,} of the "
        f"owner, deep page {info['deep_page']:,}; server in one process: "
        f"{info['single_process']}\n   {searches}"
    )
    print(report.run_table(run, report.check_targets([run])))


def _print_summary(runs: list[report.RunResult], verdicts: list[report.Verdict]) -> None:
    for small, large in report.size_pairs(runs):
        print(f"\n== {large.database}: p50 at 1 client, {large.rows:,} ÷ {small.rows:,}")
        print(report.ratio_table(small, large))
    print("\n== peak RSS of the server process (VmHWM)")
    print(report.rss_table(runs))
    print("\n== targets (reported, not asserted)")
    for verdict in verdicts:
        print(f"  {'ok    ' if verdict.met else 'MISSED'}  {verdict}  ({verdict.value})")


def _commit(app_dir: Path) -> str:
    def git(*args: str) -> str:
        command = ["git", *args]
        result = subprocess.run(command, cwd=app_dir, capture_output=True, text=True)  # noqa: S603
        return result.stdout.strip()

    modified = " (modified)" if git("status", "--porcelain") else ""
    return git("rev-parse", "--short", "HEAD") + modified


def _names(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _numbers(text: str) -> list[int]:
    return [int(item.replace("_", "")) for item in _names(text)]


def _parser() -> argparse.ArgumentParser:
    summary, details = __doc__.split("\n", 1)
    parser = argparse.ArgumentParser(
        description=summary, epilog=details, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--database-url", action="append", help="'sqlite' (default: a temporary file) or a "
        "PostgreSQL admin URL such as postgresql+asyncpg://postgres@127.0.0.1:5432/postgres, "
        "where a scratch database is created and dropped; repeat for several")  # fmt: skip
    add("--rows", default="10000,1000000", help="job counts, comma-separated (%(default)s)")
    add("--clients", default="1,32", help="concurrent clients, comma-separated (%(default)s)")
    add("--cases", default=",".join(CASES), help="cases to run, comma-separated (%(default)s)")
    add("--app-dir", type=Path, default=ROOT, help="checkout of the app to run (this one)")
    add("--duration", type=float, default=5.0, help="seconds per measurement (%(default)s)")
    add("--warmup", type=float, default=1.0, help="seconds of warm-up before (%(default)s)")
    add("--load", choices=("auto", "wrk", "python"), default="auto", help="load generator")
    add("--seed", type=int, default=1, help="random seed of the data set (%(default)s)")
    add("--server-log", type=Path, help="append the server's JSON log here (/dev/null)")
    add("--json", type=Path, help="also write every result to this JSON file")
    add("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser


def parse_options(argv: list[str] | None = None) -> tuple[Options, argparse.Namespace]:
    parser = _parser()
    args = parser.parse_args(argv)
    cases = _names(args.cases)
    if unknown := sorted(set(cases) - set(CASES)):
        parser.error(f"unknown case(s): {', '.join(unknown)}; choose from {', '.join(CASES)}")
    tool = load_tool() if args.load == "auto" else args.load
    load = LoadPlan(_numbers(args.clients), args.warmup, args.duration, tool)
    options = Options(
        databases=args.database_url or ["sqlite"],
        rows=_numbers(args.rows),
        cases=cases,
        load=load,
        app_dir=args.app_dir.resolve(),
        seed=args.seed,
        server_log=args.server_log.resolve() if args.server_log else None,
    )
    return options, args


def main(argv: list[str] | None = None) -> int:
    options, args = parse_options(argv)
    commit = _commit(options.app_dir)
    log(f"app {commit}, load generator: {options.load.tool}")
    runs = []
    for url in options.databases:
        for rows in options.rows:
            runs.append(run_size(url, rows, options))
            _print_run(runs[-1])
    verdicts = report.check_targets(runs)
    _print_summary(runs, verdicts)
    if args.json:
        meta = {
            "app_commit": commit,
            "load": asdict(options.load),
            "databases": [database_kind(url) for url in options.databases],
        }
        report.write_json(args.json, meta, runs)
    return 1 if args.strict and not all(verdict.met for verdict in verdicts) else 0


if __name__ == "__main__":
    raise SystemExit(main())
