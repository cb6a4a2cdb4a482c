# fails: test-bulkhead-basics :: an unknown dependency raises KeyError without calling fn
"""Wrong: an unknown dependency gets a default limit of 1 instead of a KeyError."""
import threading
import time

from course.runtime.resilience import BulkheadFullError


class Bulkhead:
    def __init__(self, limits, max_wait=0.0, poll=0.01, clock=time.monotonic, sleep=time.sleep):
        if not limits or any(type(n) is not int or n < 1 for n in limits.values()):
            raise ValueError("bad limits")
        if max_wait < 0 or not poll > 0:
            raise ValueError("bad wait")
        self.limits = dict(limits)
        self.max_wait, self.poll, self.clock, self.sleep = max_wait, poll, clock, sleep
        self._running = {}
        self._lock = threading.Lock()

    def active(self, dependency):
        with self._lock:
            return self._running.get(dependency, 0)

    def _take(self, dependency):
        with self._lock:
            if self._running.get(dependency, 0) < self.limits.get(dependency, 1):
                self._running[dependency] = self._running.get(dependency, 0) + 1
                return True
            return False

    def call(self, dependency, fn):
        if not self._take(dependency):
            start = self.clock()
            while True:
                if self.clock() - start >= self.max_wait:
                    raise BulkheadFullError(dependency)
                self.sleep(self.poll)
                if self._take(dependency):
                    break
        try:
            return fn()
        finally:
            with self._lock:
                self._running[dependency] -= 1
