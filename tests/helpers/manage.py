"""Running the command line, `python -m manage`, from async tests."""

import asyncio

import manage


async def run_manage(*argv: str) -> int:
    """`python -m manage ...` in a worker thread: the command runs its own event loop."""
    return await asyncio.to_thread(manage.main, list(argv))
