"""Correct: counts in a dict under one lock; the wait measured from the first refusal with a
counter of elapsed time read from the clock each round."""
import threading
import time

from course.runtime.resilience import BulkheadFullError


class Bulkhead:
    def __init__(self, limits, max_wait=0.0, poll=0.01, clock=time.monotonic, sleep=time.sleep):
        limits = dict(limits)
        if not limits or not all(type(v) is int and v > 0 for v in limits.values()):
            raise ValueError("limits must be positive ints")
        if not (max_wait >= 0 and poll > 0):
            raise ValueError("max_wait >= 0 and poll > 0")
        self._limits = limits
        self._busy = {k: 0 for k in limits}
        self._mutex = threading.Lock()
        self._max_wait, self._poll, self._clock, self._sleep = max_wait, poll, clock, sleep

    def active(self, dependency):
        with self._mutex:
            return self._busy[dependency]

    def _grab(self, dependency):
        with self._mutex:
            free = self._busy[dependency] < self._limits[dependency]
            if free:
                self._busy[dependency] += 1
            return free

    def call(self, dependency, fn):
        if dependency not in self._limits:
            raise KeyError(dependency)
        first_refusal = None
        while not self._grab(dependency):
            now = self._clock()
            if first_refusal is None:
                first_refusal = now
            if now - first_refusal >= self._max_wait:
                raise BulkheadFullError(f"{dependency} is full")
            self._sleep(self._poll)
        try:
            return fn()
        finally:
            with self._mutex:
                self._busy[dependency] -= 1
