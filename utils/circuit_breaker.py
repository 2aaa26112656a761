"""A circuit breaker: stop calling a dependency that keeps failing, try again after a pause.

Why hand-written: the state machine is three states and a counter, the libraries that offer it
for asyncio are unmaintained (`aiobreaker`, last release 2021) or bring an API of their own for
what fits in this file (`purgatory`: storage back ends, decorators), and an injected clock lets
tests open and close the breaker without sleeping. One breaker guards one provider per process;
processes do not share its state, which only costs each of them a few failed calls.
"""

import time
from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"  # calls go through; failures are counted
    OPEN = "open"  # calls are refused until the cool-down is over
    HALF_OPEN = "half_open"  # one trial call is let through; its outcome decides


class CircuitOpen(Exception):
    """Refused without calling: the dependency failed too often and is cooling down."""

    def __init__(self, retry_in: float) -> None:
        super().__init__(f"circuit open; next trial in {retry_in:.1f}s")
        self.retry_in = retry_in


class CircuitBreaker:
    def __init__(
        self,
        *,
        failure_threshold: int,
        cooldown_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failure_threshold = failure_threshold
        self.cooldown_seconds = cooldown_seconds
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock() - self._opened_at < self.cooldown_seconds:
            return BreakerState.OPEN
        return BreakerState.HALF_OPEN

    def retry_in(self) -> float:
        """Seconds until a call may be tried again (0 when one may be tried now)."""
        if self._opened_at is None:
            return 0.0
        return max(0.0, self._opened_at + self.cooldown_seconds - self._clock())

    def before_call(self) -> None:
        """Raise `CircuitOpen` unless a call may go through now (one trial when half open)."""
        state = self.state
        if state is BreakerState.OPEN or (state is BreakerState.HALF_OPEN and self._trial_running):
            raise CircuitOpen(self.retry_in())
        if state is BreakerState.HALF_OPEN:
            self._trial_running = True

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    def record_failure(self) -> None:
        self._failures += 1
        if self._trial_running or self._failures >= self.failure_threshold:
            # A failed trial reopens at once, for a whole new cool-down.
            self._opened_at = self._clock()
        self._trial_running = False
