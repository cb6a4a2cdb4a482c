"""Correct: one threading.Semaphore per dependency (non-blocking acquire), a deadline computed
once, sleeps of min(poll, time left); active counts kept under a lock."""
import threading
import time

from course.runtime.resilience import BulkheadFullError


class Bulkhead:
    def __init__(self, limits, max_wait=0.0, poll=0.01, clock=time.monotonic, sleep=time.sleep):
        if len(limits) == 0:
            raise ValueError("no dependencies")
        for name, limit in limits.items():
            if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
                raise ValueError(f"bad limit for {name}: {limit!r}")
        if max_wait < 0:
            raise ValueError("max_wait < 0")
        if poll <= 0:
            raise ValueError("poll <= 0")
        self._slots = {name: threading.Semaphore(limit) for name, limit in limits.items()}
        self._counts = dict.fromkeys(limits, 0)
        self._counts_lock = threading.Lock()
        self.max_wait, self.poll, self.clock, self.sleep = max_wait, poll, clock, sleep

    def active(self, dependency):
        with self._counts_lock:
            return self._counts[dependency]

    def call(self, dependency, fn):
        slots = self._slots[dependency]
        if not slots.acquire(blocking=False):
            give_up_at = self.clock() + self.max_wait
            while True:
                left = give_up_at - self.clock()
                if left <= 0:
                    raise BulkheadFullError(dependency)
                self.sleep(min(self.poll, left))
                if slots.acquire(blocking=False):
                    break
        with self._counts_lock:
            self._counts[dependency] += 1
        try:
            return fn()
        finally:
            with self._counts_lock:
                self._counts[dependency] -= 1
            slots.release()
