# fails: test-bulkhead-wait :: a slot freed during the wait is taken
# fails: test-bulkhead-wait :: sleeps of at most poll, and no longer than needed (poll does not divide max_wait)
# fails: test-bulkhead-wait :: waits up to max_wait on the injected clock, then raises BulkheadFullError (the example above)
"""Wrong: sleeps max_wait in one go, then tries once more (a slot freed early is noticed late)."""
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
        self.max_wait, self.sleep = max_wait, sleep
        self._running = {name: 0 for name in self.limits}
        self._lock = threading.Lock()

    def active(self, dependency):
        with self._lock:
            return self._running[dependency]

    def _take(self, dependency):
        with self._lock:
            if self._running[dependency] < self.limits[dependency]:
                self._running[dependency] += 1
                return True
            return False

    def call(self, dependency, fn):
        if dependency not in self.limits:
            raise KeyError(dependency)
        if not self._take(dependency):
            if self.max_wait > 0:
                self.sleep(self.max_wait)
            if not self._take(dependency):
                raise BulkheadFullError(dependency)
        try:
            return fn()
        finally:
            with self._lock:
                self._running[dependency] -= 1
