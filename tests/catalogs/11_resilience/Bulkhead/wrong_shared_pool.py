# fails: test-bulkhead-isolation :: a full dependency refuses at once (max_wait=0), and another dependency still runs
# fails: test-bulkhead-wait :: the wait is per dependency
"""Wrong: one pool for everything, as big as the largest limit: a slow dependency takes every slot."""
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
        self.size = max(self.limits.values())
        self.max_wait, self.poll, self.clock, self.sleep = max_wait, poll, clock, sleep
        self._running = {name: 0 for name in self.limits}
        self._lock = threading.Lock()

    def active(self, dependency):
        with self._lock:
            return self._running[dependency]

    def _take(self, dependency):
        with self._lock:
            if sum(self._running.values()) < self.size:
                self._running[dependency] += 1
                return True
            return False

    def call(self, dependency, fn):
        if dependency not in self.limits:
            raise KeyError(dependency)
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
