"""Fake clocks: time is injected everywhere, so tests and demos never sleep.

``FakeClock`` returns seconds as a float (rate limiters, caches).
``FakeMillisClock`` returns integer Unix milliseconds (Snowflake IDs).

Both are zero-argument callables, the shape every exercise takes as ``clock``.
"""
from __future__ import annotations

from collections import deque
from typing import Iterable


class FakeClock:
    """Seconds as a float. Moves only when told to (or by ``tick`` per read).

    >>> clock = FakeClock(100.0)
    >>> clock()
    100.0
    >>> clock.advance(1.5); clock()
    101.5
    """

    __remote_methods__ = ("__call__",)   # under grading, student code may only read it
    # Under grading, a clock that does not tick is read in the student's process from a copy the
    # grader sends with every message (a read costs no round trip); see course.grader.remote.
    __remote_mirror__ = True

    def __init__(self, start: float = 0.0, tick: float = 0.0):
        self.now = float(start)
        self.tick = float(tick)
        self.reads = 0

    def __remote_mirror_value__(self) -> float | None:
        """What a read returns until the clock is changed here (None: each read must ask: a clock
        that ticks, or a subclass whose reads do more, such as pausing a thread to force a race)."""
        if self.tick != 0 or type(self).__call__ is not FakeClock.__call__:
            return None
        return self.now

    def __remote_mirror_reads__(self, count: int) -> None:
        self.reads += count

    def __call__(self) -> float:
        self.reads += 1
        now = self.now
        self.now += self.tick
        return now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a FakeClock only moves forward with advance(); use set() to step back")
        self.now += seconds

    def set(self, now: float) -> None:
        """Jump to ``now`` (also backwards: a clock that steps back is a real failure mode)."""
        self.now = float(now)

    def __repr__(self) -> str:
        return f"FakeClock(now={self.now!r})"


class FakeMillisClock:
    """Integer Unix milliseconds.

    ``script`` lists readings to return first, one per call (to make the clock
    step back, or stall inside one millisecond); after the script runs out the
    clock returns ``now`` and moves ``tick`` ms per read, so a generator that
    spins waiting for the next millisecond always gets there.

    >>> clock = FakeMillisClock(1_700_000_000_000, script=[5, 4, 4])
    >>> [clock(), clock(), clock()]
    [5, 4, 4]
    """

    __remote_methods__ = ("__call__",)

    def __init__(self, start: int = 1_700_000_000_000, tick: int = 0, script: Iterable[int] = ()):
        self.now = int(start)
        self.tick = int(tick)
        self.script = deque(int(v) for v in script)
        self.reads = 0

    def __call__(self) -> int:
        self.reads += 1
        if self.script:
            return self.script.popleft()
        now = self.now
        self.now += self.tick
        return now

    def advance(self, ms: int = 1) -> None:
        self.now += int(ms)

    def set(self, now: int) -> None:
        self.now = int(now)

    def __repr__(self) -> str:
        return f"FakeMillisClock(now={self.now!r})"
