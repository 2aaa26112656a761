"""Password hashing: argon2id for new hashes, bcrypt still verified and upgraded on login.

Hashing costs about a tenth of a second of CPU by design, so it runs in a worker thread and
never stalls the event loop that serves every other request.
"""

from functools import cache

import anyio.to_thread
from passlib.context import CryptContext

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


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(hash_password_sync, password)


async def verify_password(password: str, hashed: str) -> tuple[bool, str | None]:
    """Return (valid, replacement hash when the stored one is outdated, else None)."""
    return await anyio.to_thread.run_sync(_verify, password, hashed)


async def burn_verification_time() -> None:
    """Spend what a real check costs, so an unknown email looks like a wrong password."""
    await anyio.to_thread.run_sync(_verify, "not-the-password", _dummy_hash())
