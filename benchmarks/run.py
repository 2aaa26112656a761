"""Load benchmarks: `make bench` (or `python -m benchmarks.run --requests 2000`).

Runs the real app in-process against a fresh, migrated SQLite database (or BENCH_DATABASE_URL),
fires concurrent requests at the hot endpoints and prints throughput and latency percentiles
next to the targets. Targets are reported, not asserted: shared machines are too noisy for a
timing to fail a build. Pass `--strict` to exit non-zero when a target is missed.

The p95 targets are for 20 concurrent clients on a 2-core machine, all requests in one process
(the ASGI app and the load generator share the event loop, so latency includes queueing).
"""

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from httpx import ASGITransport, AsyncClient, Response

from config import Settings
from database.models import Application, EmploymentType, Job, JobStatus, User
from database.types import utcnow
from main import create_app
from services import tokens
from utils.passwords import hash_password_sync

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Scenario:
    name: str
    p95_target_ms: float
    call: Callable[[AsyncClient], Awaitable[Response]]


async def measure(
    client: AsyncClient, scenario: Scenario, requests: int, concurrency: int
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    queue = iter(range(requests))

    async def worker() -> None:
        for _ in queue:
            started = time.perf_counter()
            response = await scenario.call(client)
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code >= 400:
                raise RuntimeError(f"{scenario.name}: HTTP {response.status_code}")

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return requests / (time.perf_counter() - started), latencies


def bearer(pair: tokens.TokenPair) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair.access_token}"}


async def seed(settings: Settings, *, jobs: int = 300) -> tuple[dict[str, str], dict[str, str]]:
    """A talent and an employer with `jobs` open jobs, a third of them applied to."""
    app = create_app(settings)
    password_hash = hash_password_sync("x" * 12)
    async with app.state.database.session() as session:
        talent = User(email="bench@example.com", hashed_password=password_hash, full_name="Bench")
        employer = User(email="hire@example.com", hashed_password=password_hash, full_name="Hire")
        session.add_all([talent, employer])
        await session.flush()
        for number in range(jobs):
            job = Job(
                owner_id=employer.id,
                title=f"Engineer {number}",
                description="Build the platform with Python and PostgreSQL.",
                company_name="Bench Co",
                employment_type=EmploymentType.FULL_TIME,
                salary_min=50_000 + number,
                salary_max=90_000 + number,
                currency="EUR",
                tags=["python", "postgresql"] if number % 2 else ["go"],
                status=JobStatus.OPEN,
                published_at=utcnow(),
            )
            session.add(job)
            if number % 3 == 0:
                session.add(Application(job=job, applicant_id=talent.id, cover_letter="Hello"))
        await session.flush()
        talent_pair = await tokens.issue_token_pair(session, settings=settings, user=talent)
        employer_pair = await tokens.issue_token_pair(session, settings=settings, user=employer)
        await session.commit()
    await app.state.database.dispose()
    return bearer(talent_pair), bearer(employer_pair)


async def run(requests: int, concurrency: int, database_url: str) -> bool:
    settings = Settings(_env_file=None, database_url=database_url, log_level="WARNING")
    headers, employer = await seed(settings)
    app = create_app(settings)
    experience = {"title": "Engineer", "company": "Acme", "start_date": "2020-01-01"}
    job = {"title": "Engineer", "description": "Ship it.", "company_name": "Acme",
           "employment_type": "contract", "tags": ["python"]}  # fmt: skip
    scenarios = [
        Scenario("GET /healthz", 10, lambda c: c.get("/healthz")),
        Scenario("GET /auth/me", 150, lambda c: c.get("/api/v1/auth/me", headers=headers)),
        Scenario(
            "POST /profile/experiences",
            300,
            lambda c: c.post("/api/v1/profile/experiences", json=experience, headers=headers),
        ),
        Scenario(
            "GET /profile/experiences?page_size=100",
            400,
            lambda c: c.get("/api/v1/profile/experiences?page_size=100", headers=headers),
        ),
        Scenario("POST /jobs", 300, lambda c: c.post("/api/v1/jobs", json=job, headers=employer)),
        Scenario(
            "GET /jobs?page_size=100",
            400,
            lambda c: c.get("/api/v1/jobs?page_size=100", headers=headers),
        ),
        Scenario(
            "GET /jobs?q=engineer&tag=python&sort=-salary_max",
            400,
            lambda c: c.get("/api/v1/jobs?q=engineer&tag=python&sort=-salary_max", headers=headers),
        ),
        Scenario(
            "GET /applications?page_size=100",
            400,
            lambda c: c.get("/api/v1/applications?page_size=100", headers=headers),
        ),
        Scenario(
            "GET /applications/received?page_size=100",
            400,
            lambda c: c.get("/api/v1/applications/received?page_size=100", headers=employer),
        ),
    ]
    all_met = True
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://bench") as client:
        await client.put("/api/v1/profile", json={"headline": "Bench"}, headers=headers)
        print(f"{'scenario':50} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'target':>8}")
        for scenario in scenarios:
            throughput, latencies = await measure(client, scenario, requests, concurrency)
            p50 = statistics.median(latencies)
            p95 = statistics.quantiles(latencies, n=20)[-1]
            met = p95 <= scenario.p95_target_ms
            all_met &= met
            verdict = "ok" if met else "MISSED"
            print(
                f"{scenario.name:50} {throughput:8.0f} {p50:8.1f} {p95:8.1f} "
                f"{scenario.p95_target_ms:8.0f} {verdict}"
            )
    await app.state.database.dispose()
    return all_met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite+aiosqlite:///{folder}/bench.db"
        config = Config(str(ROOT / "alembic.ini"))
        config.attributes["database_url"] = url
        command.upgrade(config, "head")
        met = asyncio.run(run(args.requests, args.concurrency, url))
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    raise SystemExit(main())
