"""Password hashing: argon2id for new hashes, bcrypt still verified and upgraded on login.

Hashing costs about a tenth of a second of CPU and 64 MiB of memory by design, so it runs in a
worker thread (the event loop keeps serving other requests) and at most `MAX_CONCURRENT_HASHES`
run at once: a burst of logins queues here instead of exhausting memory.
"""

import asyncio
import os
import weakref
from collections.abc import Callable
from functools import cache
from typing import TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from passlib.context import CryptContext

ResultT = TypeVar("ResultT")
MAX_CONCURRENT_HASHES = max(2, os.cpu_count() or 2)
_limiters: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter]" = (
    weakref.WeakKeyDictionary()
)

_context = CryptContext(schemes=["argon2", "bcrypt"], deprecated="auto")

# bcrypt only ever looked at the first 72 bytes; the bcrypt library now refuses longer input
# instead of truncating, so old hashes are verified against the bytes bcrypt actually used.
_BCRYPT_MAX_BYTES = 72


def hash_password_sync(password: str) -> str:
    return str(_context.hash(password))


def _verify(password: str, hashed: str) -> tuple[bool, str | None]:
    try:
        if _context.identify(hashed) == "bcrypt":
            # Deprecated scheme: a successful check always earns an argon2id replacement.
            valid = _context.verify(password.encode()[:_BCRYPT_MAX_BYTES], hashed)
            return bool(valid), hash_password_sync(password) if valid else None
        valid, new_hash = _context.verify_and_update(password, hashed)
    except ValueError:  # a stored value passlib cannot parse: treat as a failed check
        return False, None
    return bool(valid), new_hash


@cache
def _dummy_hash() -> str:
    return hash_password_sync("timing-equaliser-not-a-real-password")


async def _in_hashing_thread(function: Callable[..., ResultT], *args: str) -> ResultT:
    # A limiter belongs to one event loop; the CLI and the server each run their own.
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = CapacityLimiter(MAX_CONCURRENT_HASHES)
    return await anyio.to_thread.run_sync(function, *args, limiter=limiter)


async def hash_password(password: str) -> str:
    return await _in_hashing_thread(hash_password_sync, password)


async def verify_password(password: str, hashed: str) -> tuple[bool, str | None]:
    """Return (valid, replacement hash when the stored one is outdated, else None)."""
    return await _in_hashing_thread(_verify, password, hashed)


async def burn_verification_time() -> None:
    """Spend what a real check costs, so an unknown email looks like a wrong password."""
    await _in_hashing_thread(_verify, "not-the-password", _dummy_hash())
