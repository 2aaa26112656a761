"""The OpenAPI contract, checked from outside: `python -m fuzz` (`make fuzz`, `.ci/run`).

Starts `uvicorn main:app` on a scratch database (a temporary SQLite file, or the empty
database `--database-url` names), migrates it, signs in an admin made with `manage
create-admin`, and runs schemathesis with every check and every phase (examples, coverage,
fuzzing, and stateful sequences through the schema's links) against the live server, as that
admin. Exits non-zero on any finding. `schemathesis.toml` at the root holds the settings a
plain `schemathesis run` shares with this script.

Deleting one's own account ends every token of the caller, so `DELETE /auth/me` runs last,
in a run of its own, once everything else has been tested signed in.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.scale_db import ScratchDatabase, database_kind, migrate
from benchmarks.scale_server import API, Server, call, expect
from fuzz.hooks import COUNTERPART_ID, OPEN_JOB_ID, OWN_JOB_ID

APP_DIR = Path(__file__).resolve().parent.parent
EMAIL = "fuzz-admin@example.com"
COUNTERPART = "fuzz-counterpart@example.com"
PASSWORD = "fuzz-admin-password"  # noqa: S105 (scratch accounts)
ACCOUNT_ENDING = "auth-delete_me"
PHASES = ["examples", "coverage", "fuzzing", "stateful"]
# What the server under test needs to answer every route: no rate limits (the fuzzer sends
# thousands of sign-ins), a webhook secret (without one the webhook is always 503).
SERVER_SETTINGS = {
    "ENVIRONMENT": "test",
    "RATE_LIMIT_ENABLED": "false",
    "NEWS_WEBHOOK_SECRET": "fuzz-webhook-secret-0123456789abcdef",
    "LOG_LEVEL": "WARNING",
}


def sign_in_admin(server: Server, database_url: str) -> str:
    subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "manage", "create-admin", EMAIL],
        cwd=APP_DIR,
        env={**os.environ, "DATABASE_URL": database_url, "ADMIN_PASSWORD": PASSWORD},
        check=True,
        capture_output=True,
    )
    login = {"email": EMAIL, "password": PASSWORD}
    token: str = expect(call(server.base_url, "POST", f"{API}/auth/login", body=login), 200)[
        "access_token"
    ]
    return token


def open_job(server: Server, token: str) -> str:
    job = {"title": "Fuzz job", "description": "Open to applications.", "company_name": "Fuzz"}
    job |= {"employment_type": "contract", "status": "open"}
    job_id: str = expect(call(server.base_url, "POST", f"{API}/jobs", token=token, body=job), 201)[
        "id"
    ]
    return job_id


def seed_parties(server: Server, token: str) -> dict[str, str]:
    """Another user with open jobs, the party an application or a proposal needs besides
    the caller (both refuse the caller's own job and self), and a job of the caller's for a
    proposal to name. `fuzz/hooks.py` puts their ids into the bodies."""
    account = {"email": COUNTERPART, "password": PASSWORD, "full_name": "Fuzz Counterpart"}
    user = expect(call(server.base_url, "POST", f"{API}/auth/register", body=account), 201)
    login = {"email": COUNTERPART, "password": PASSWORD}
    other = expect(call(server.base_url, "POST", f"{API}/auth/login", body=login), 200)
    return {
        COUNTERPART_ID: user["id"],
        OPEN_JOB_ID: ",".join(open_job(server, other["access_token"]) for _ in range(4)),
        OWN_JOB_ID: open_job(server, token),
    }


def schemathesis(
    server: Server, token: str, arguments: argparse.Namespace, phases: list[str], *only: str
) -> int:
    """One schemathesis run of `phases`; `only` names the operation ids to test, else all but
    the account's ending."""
    command = [str(Path(sys.executable).parent / "schemathesis"), "run"]
    command += [f"{server.base_url}/openapi.json", "--checks", "all"]
    command += ["--max-examples", str(arguments.examples), "-H", f"Authorization: Bearer {token}"]
    command += ["--phases", ",".join(phases)]
    if arguments.seed is not None:
        command += ["--seed", str(arguments.seed), "--generation-database", "none"]
    if only:
        command += [f"--include-operation-id={operation}" for operation in only]
    else:
        command += [f"--exclude-operation-id={ACCOUNT_ENDING}"]
    print("+", " ".join(command[1:3]), ",".join(phases), "...", flush=True)
    return subprocess.run(command, cwd=APP_DIR, check=False).returncode  # noqa: S603


def runs(arguments: argparse.Namespace) -> list[tuple[list[str], tuple[str, ...]]]:
    """The runs, in order, as (phases, operations; none: all but the account's ending).

    The stateful phase runs first and on its own: in one run with the others it would skip
    the operations they saw answer 404 (no resource yet), which are the very targets of the
    links. The account's ending runs last, without stateful sequences (its links lead away).
    """
    stateful = [phase for phase in arguments.phases if phase == "stateful"]
    others = [phase for phase in arguments.phases if phase != "stateful"]
    planned = [(stateful, ()), (others, ()), (others, (ACCOUNT_ENDING,))]
    return [(phases, only) for phases, only in planned if phases]


def fuzz(database_url: str, arguments: argparse.Namespace) -> int:
    database = ScratchDatabase(database_kind(database_url), database_url)
    migrate(database, APP_DIR)
    os.environ.update(SERVER_SETTINGS)
    with Server(APP_DIR, database_url) as server:
        token = sign_in_admin(server, database_url)
        os.environ.update(seed_parties(server, token))
        for phases, only in runs(arguments):
            status = schemathesis(server, token, arguments, phases, *only)
            if status:
                return status
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="an empty database to use (default: a temporary SQLite file)"
    )
    parser.add_argument(
        "--examples",
        type=int,
        default=int(os.environ.get("FUZZ_EXAMPLES", "3")),
        help="test cases per operation and phase (default: FUZZ_EXAMPLES, else 3)",
    )
    parser.add_argument("--seed", type=int, help="a fixed seed: the same cases on every run")
    parser.add_argument(
        "--phases",
        type=lambda text: text.split(","),
        default=PHASES,
        help=f"the phases to run, comma-separated (default: {','.join(PHASES)})",
    )
    arguments = parser.parse_args()
    if arguments.database_url:
        sys.exit(fuzz(arguments.database_url, arguments))
    with tempfile.TemporaryDirectory(prefix="talent-hub-fuzz-") as folder:
        sys.exit(fuzz(f"sqlite+aiosqlite:///{folder}/fuzz.db", arguments))


if __name__ == "__main__":
    main()
