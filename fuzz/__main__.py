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

APP_DIR = Path(__file__).resolve().parent.parent
EMAIL = "fuzz-admin@example.com"
PASSWORD = "fuzz-admin-password"  # noqa: S105 (a scratch account)
ACCOUNT_ENDING = "auth-me_delete"
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


def schemathesis(server: Server, token: str, arguments: argparse.Namespace, *only: str) -> int:
    """One schemathesis run; `only` names the operation ids to test, else all but the last."""
    command = [str(Path(sys.executable).parent / "schemathesis"), "run"]
    command += [f"{server.base_url}/openapi.json", "--checks", "all"]
    command += ["--max-examples", str(arguments.examples), "-H", f"Authorization: Bearer {token}"]
    if arguments.seed is not None:
        command += ["--seed", str(arguments.seed), "--generation-deterministic"]
    if only:
        command += [f"--include-operation-id={operation}" for operation in only]
    else:
        command += [f"--exclude-operation-id={ACCOUNT_ENDING}"]
    print("+", " ".join(command[1:3]), "...", flush=True)
    return subprocess.run(command, cwd=APP_DIR, check=False).returncode  # noqa: S603


def fuzz(database_url: str, arguments: argparse.Namespace) -> int:
    database = ScratchDatabase(database_kind(database_url), database_url)
    migrate(database, APP_DIR)
    os.environ.update(SERVER_SETTINGS)
    with Server(APP_DIR, database_url) as server:
        token = sign_in_admin(server, database_url)
        status = schemathesis(server, token, arguments)
        return status or schemathesis(server, token, arguments, ACCOUNT_ENDING)


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
    arguments = parser.parse_args()
    if arguments.database_url:
        sys.exit(fuzz(arguments.database_url, arguments))
    with tempfile.TemporaryDirectory(prefix="talent-hub-fuzz-") as folder:
        sys.exit(fuzz(f"sqlite+aiosqlite:///{folder}/fuzz.db", arguments))


if __name__ == "__main__":
    main()
