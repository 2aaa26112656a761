"""A small closed-loop HTTP/1.1 load generator: the fallback of `benchmarks.scale` without wrk.

`python -m benchmarks.loadgen URL --clients 32 --seconds 5 [--method POST --body JSON]
[--header 'Name: value']` keeps `clients` keep-alive connections busy (each sends its next
request when the previous answer is complete) and prints one JSON object: requests, errors
(non-2xx answers and broken connections), p50_ms, p99_ms and rps.
"""

import argparse
import asyncio
import json
import math
import time
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

TIMEOUT_S = 30.0


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0


@dataclass(frozen=True)
class Summary:
    requests: int
    errors: int
    p50_ms: float | None
    p99_ms: float | None
    rps: float


def percentile(sorted_values: list[float], share: float) -> float | None:
    """Nearest-rank percentile of an ascending list (None when empty)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return its status and whether the connection stays open."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    headers: dict[bytes, bytes] = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip().lower()
    if headers.get(b"transfer-encoding") == b"chunked":
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.readexactly(int(headers.get(b"content-length", b"0")))
    return status, headers.get(b"connection") != b"close"


async def client(host: str, port: int, request: bytes, deadline: float, tally: Tally) -> None:
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            if connection is None:
                connection = await asyncio.open_connection(host, port)
            reader, writer = connection
            writer.write(request)
            status, keep_alive = await asyncio.wait_for(read_response(reader), TIMEOUT_S)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError, IndexError):
            tally.errors += 1
            if connection is not None:
                connection[1].close()
            connection = None
            continue
        tally.latencies_ms.append((time.perf_counter() - started) * 1000)
        tally.errors += not 200 <= status < 300
        if not keep_alive:
            writer.close()
            connection = None
    if connection is not None:
        connection[1].close()


def build_request(url: str, method: str, headers: list[str], body: str | None) -> bytes:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"{method} {target} HTTP/1.1", f"Host: {parts.netloc}", *headers]
    payload = (body or "").encode()
    if body is not None:
        lines.append(f"Content-Length: {len(payload)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def run(url: str, request: bytes, clients: int, seconds: float) -> Summary:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    tally = Tally()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(client(host, port, request, deadline, tally) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    latencies = sorted(tally.latencies_ms)
    return Summary(
        requests=len(latencies),
        errors=tally.errors,
        p50_ms=percentile(latencies, 0.50),
        p99_ms=percentile(latencies, 0.99),
        rps=len(latencies) / elapsed,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--method", default="GET")
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--body")
    args = parser.parse_args()
    request = build_request(args.url, args.method, args.header, args.body)
    summary = asyncio.run(run(args.url, request, args.clients, args.seconds))
    print(json.dumps(asdict(summary)))


if __name__ == "__main__":
    main()
