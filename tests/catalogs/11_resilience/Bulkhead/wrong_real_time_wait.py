# fails: test-bulkhead-wait :: a slot freed during the wait is taken
# fails: test-bulkhead-wait :: sleeps of at most poll, and no longer than needed (poll does not divide max_wait)
# fails: test-bulkhead-wait :: waits up to max_wait on the injected clock, then raises BulkheadFullError (the example above)
"""Wrong: waits with Semaphore.acquire(timeout=max_wait): real time, not the injected clock and sleep."""
import threading
import time

from course.runtime.resilience import BulkheadFullError


class Bulkhead:
    def __init__(self, limits, max_wait=0.0, poll=0.01, clock=time.monotonic, sleep=time.sleep):
        if not limits or any(type(n) is not int or n < 1 for n in limits.values()):
            raise ValueError("bad limits")
        if max_wait < 0 or not poll > 0:
            raise ValueError("bad wait")
        self._slots = {name: threading.Semaphore(n) for name, n in limits.items()}
        self._running = {name: 0 for name in limits}
        self._lock = threading.Lock()
        self.max_wait = max_wait

    def active(self, dependency):
        with self._lock:
            return self._running[dependency]

    def call(self, dependency, fn):
        slots = self._slots[dependency]
        if not slots.acquire(timeout=self.max_wait) if self.max_wait > 0 else not slots.acquire(blocking=False):
            raise BulkheadFullError(dependency)
        with self._lock:
            self._running[dependency] += 1
        try:
            return fn()
        finally:
            with self._lock:
                self._running[dependency] -= 1
            slots.release()
