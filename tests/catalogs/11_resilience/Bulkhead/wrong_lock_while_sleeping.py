# fails: test-bulkhead-wait :: a slot freed during the wait is taken
"""Wrong: keeps the lock while it waits, so the call holding the slot cannot give it back."""
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
        self._running = {name: 0 for name in self.limits}
        self._lock = threading.Lock()

    def active(self, dependency):
        with self._lock:
            return self._running[dependency]

    def call(self, dependency, fn):
        if dependency not in self.limits:
            raise KeyError(dependency)
        with self._lock:
            start = self.clock()
            while self._running[dependency] >= self.limits[dependency]:
                if self.clock() - start >= self.max_wait:
                    raise BulkheadFullError(dependency)
                self.sleep(self.poll)
            self._running[dependency] += 1
        try:
            return fn()
        finally:
            with self._lock:
                self._running[dependency] -= 1
