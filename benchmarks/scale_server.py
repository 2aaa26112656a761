"""The app under test as a real uvicorn process, and the accounts the benchmark signs in with.

The server runs as production would start it (`uvicorn main:app --workers 1`, JSON logs at
INFO, the app's own access line), pinned to CPU 0 when `taskset` exists so that the load
generator (pinned to CPU 1) does not compete with it. With one worker uvicorn serves from its
main process, so `/proc/<pid>/status` of that process holds the peak RSS (`VmHWM`).
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

SECRET_KEY = "scale-benchmark-signing-key-0123456789abcdef"  # noqa: S105 (a bench-only key)
PASSWORD = "scale-bench-password"  # noqa: S105
SERVER_CPU, LOAD_CPU = 0, 1
API = "/api/v1"


@dataclass(frozen=True)
class Account:
    name: str
    id: uuid.UUID
    token: str


def pinned(cpu: int, command: list[str]) -> list[str]:
    """`command` pinned to one CPU, when taskset exists and there is more than one CPU."""
    taskset = shutil.which("taskset")
    if taskset is None or len(os.sched_getaffinity(0)) < 2:
        return command
    return [taskset, "-c", str(cpu), *command]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """`with Server(...) as server:` starts uvicorn, waits until it answers, stops it after."""

    def __init__(self, app_dir: Path, database_url: str, *, log: Path | None = None) -> None:
        self.app_dir, self.database_url, self.log = app_dir, database_url, log
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the server)

    def __enter__(self) -> "Server":
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            "SECRET_KEY": SECRET_KEY,
            "ACCESS_TOKEN_TTL_MINUTES": "600",
        }
        command = [sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--workers", "1"]
        with (self.log or Path(os.devnull)).open("ab") as stdout:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                pinned(SERVER_CPU, command),
                cwd=self.app_dir,
                env=env,
                stdout=stdout,
                stderr=self.stderr,
            )
        self._wait_ready()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited at start-up:\n{self.stderr_tail()}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"uvicorn did not answer within 60 s:\n{self.stderr_tail()}")

    def stderr_tail(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")[-3000:]

    @property
    def pid(self) -> int:
        assert self.process is not None  # noqa: S101 (only called while running)
        return self.process.pid

    def serves_from_one_process(self) -> bool:
        """True when the pid is uvicorn itself (taskset exec's it) and it forked no worker."""
        proc = Path(f"/proc/{self.pid}")
        cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        children = (proc / "task" / str(self.pid) / "children").read_text().split()
        return b"uvicorn" in cmdline and not children

    def cpu_seconds(self) -> float:
        """CPU time the server has used so far, all threads (user + system)."""
        return process_cpu_seconds(self.pid) or 0.0

    def peak_rss_mib(self) -> float | None:
        """`VmHWM` of the server process, in MiB (None where /proc is missing)."""
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process of this machine so far (None once it has gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # the name in parentheses may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def call(
    base_url: str, method: str, path: str, *, token: str | None = None, body: Any = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.request(method, f"{base_url}{path}", headers=headers, json=body, timeout=120)


def expect(response: httpx.Response, status: int) -> Any:
    if response.status_code != status:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path}: HTTP {response.status_code}"
            f" (expected {status}): {response.text[:300]}"
        )
    return response.json() if response.content else None


def register_accounts(base_url: str, names: tuple[str, ...]) -> dict[str, Account]:
    """Register, sign in and look up each account through the API, like a real client."""
    accounts = {}
    for name in names:
        email = f"{name}@example.com"
        user = {"email": email, "password": PASSWORD, "full_name": name.title()}
        expect(call(base_url, "POST", f"{API}/auth/register", body=user), 201)
        login = {"email": email, "password": PASSWORD}
        token = expect(call(base_url, "POST", f"{API}/auth/login", body=login), 200)
        me = expect(call(base_url, "GET", f"{API}/auth/me", token=token["access_token"]), 200)
        accounts[name] = Account(name, uuid.UUID(me["id"]), token["access_token"])
    return accounts
