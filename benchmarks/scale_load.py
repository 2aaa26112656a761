"""Load for `benchmarks.scale`: wrk when it is on PATH, else `benchmarks.loadgen`.

Both run as their own process pinned to the load CPU, keep `clients` connections busy for a
fixed time and report p50, p99, requests per second and errors (non-2xx answers, socket
errors and timeouts).
"""

import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.scale_server import LOAD_CPU, pinned

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 30
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    token: str
    body: str | None = None  # JSON text

    def headers(self) -> list[str]:
        headers = [f"Authorization: Bearer {self.token}"]
        if self.body is not None:
            headers.append("Content-Type: application/json")
        return headers


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    p50_ms: float | None
    p99_ms: float | None
    rps: float


def load_tool() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def run_load(
    base_url: str, request: HttpRequest, *, clients: int, seconds: float, tool: str
) -> LoadResult:
    if tool == "wrk":
        return _run_wrk(base_url, request, clients, seconds)
    return _run_python(base_url, request, clients, seconds)


def _run(command: list[str]) -> str:
    result = subprocess.run(  # noqa: S603 (fixed programs, our own arguments)
        pinned(LOAD_CPU, command), capture_output=True, text=True, check=False, cwd=ROOT
    )
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr[-2000:]}")
    return result.stdout


def _wrk_script(request: HttpRequest) -> str:
    """Lua for wrk: method and body (a long bracket string holds any JSON as is)."""
    lines = [f'wrk.method = "{request.method}"']
    if request.body is not None:
        lines.append(f"wrk.body = [==[{request.body}]==]")
    return "\n".join(lines) + "\n"


def _run_wrk(base_url: str, request: HttpRequest, clients: int, seconds: float) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_wrk_script(request))
        script.flush()
        command = ["wrk", "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency"]
        command += [f"--timeout={TIMEOUT_S}s", "-s", script.name]
        for header in request.headers():
            command += ["-H", header]
        return parse_wrk(_run([*command, base_url + request.path]))


def _number(pattern: str, text: str, default: float | None = None) -> float:
    match = re.search(pattern, text)
    if match is None:
        if default is None:
            raise RuntimeError(f"unexpected wrk output (no {pattern!r}):\n{text}")
        return default
    return float(match.group(1))


def _latency_ms(share: str, text: str) -> float | None:
    match = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.MULTILINE)
    return None if match is None else float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(text: str) -> LoadResult:
    """Requests, errors, latency percentiles and throughput from `wrk --latency` output."""
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    errors = int(_number(r"Non-2xx or 3xx responses: (\d+)", text, default=0))
    if socket_errors:
        errors += sum(int(count) for count in socket_errors.groups())
    return LoadResult(
        requests=int(_number(r"(\d+) requests in", text)),
        errors=errors,
        p50_ms=_latency_ms("50", text),
        p99_ms=_latency_ms("99", text),
        rps=_number(r"Requests/sec:\s+([\d.]+)", text),
    )


def _run_python(base_url: str, request: HttpRequest, clients: int, seconds: float) -> LoadResult:
    command = [sys.executable, "-m", "benchmarks.loadgen", base_url + request.path]
    command += ["--clients", str(clients), "--seconds", str(seconds), "--method", request.method]
    for header in request.headers():
        command += ["--header", header]
    if request.body is not None:
        command += ["--body", request.body]
    summary = json.loads(_run(command))
    return LoadResult(**summary)
