"""A real HTTP server on an ephemeral port standing in for the email provider.

Built on `asyncio.start_server` in the tests' own event loop: it speaks just enough HTTP/1.1
for one JSON POST per connection. A script of planned answers (status codes, or `HANG` to
hold the connection open until released) is consumed one request at a time; once it runs out
every request is accepted with 202. Accepted messages are kept for the test to read.
"""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

HANG = -1
_REASONS = {202: "Accepted", 400: "Bad Request", 422: "Unprocessable", 503: "Unavailable"}


@dataclass
class StandInProvider:
    script: list[int] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    headers: list[dict[str, str]] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    # Set when a request arrives: a test can wait for "the provider is being called" exactly.
    received: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""

    def plan(self, *answers: int) -> None:
        self.script.extend(answers)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._answer(reader, writer)
        finally:
            writer.close()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")[1:]
        headers = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines if line)
        }
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.requests += 1
        self.headers.append(headers)
        self.received.set()
        status = self.script.pop(0) if self.script else 202
        if status == HANG:
            await self.release.wait()
            return
        if status == 202:
            self.accepted.append(json.loads(body))
        reason = _REASONS.get(status, "Status")
        writer.write(
            f"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()


@asynccontextmanager
async def stand_in_provider() -> AsyncIterator[StandInProvider]:
    provider = StandInProvider()
    server = await asyncio.start_server(provider.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    provider.url = f"http://127.0.0.1:{port}/v1/messages"
    try:
        yield provider
    finally:
        provider.release.set()
        server.close()
        await server.wait_closed()
