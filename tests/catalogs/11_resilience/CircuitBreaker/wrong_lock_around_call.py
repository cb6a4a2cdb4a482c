# fails: test-breaker-threads :: closed: calls run concurrently (no lock held while fn runs)
# fails: test-breaker-threads :: half-open: a failing probe reopens it; calls during the probe were refused
# fails: test-breaker-threads :: half-open: while a probe runs, other calls are refused without calling fn
"""Wrong: holds its lock while fn runs (as pybreaker does): calls are serialised, and in half-open
a second call waits for the probe instead of being refused."""
import threading
import time
from collections import deque

from course.runtime.resilience import CircuitOpenError


class CircuitBreaker:
    def __init__(self, failure_threshold=0.5, window=20, min_calls=10, reset_timeout=30.0, probes=1,
                 clock=time.monotonic):
        if not 0 < failure_threshold <= 1 or window < 1 or not 1 <= min_calls <= window:
            raise ValueError("bad settings")
        if not reset_timeout > 0 or probes < 1:
            raise ValueError("bad settings")
        self.failure_threshold, self.min_calls, self.reset_timeout, self.probes = failure_threshold, min_calls, reset_timeout, probes
        self.clock = clock
        self._lock = threading.RLock()
        self._outcomes = deque(maxlen=window)
        self._state, self._opened_at, self._successes = "closed", None, 0

    def _current(self):
        if self._state == "open" and self.clock() - self._opened_at >= self.reset_timeout:
            self._state, self._successes = "half_open", 0
        return self._state

    @property
    def state(self):
        with self._lock:
            return self._current()

    def call(self, fn):
        with self._lock:
            state = self._current()
            if state == "open":
                raise CircuitOpenError(state)
            probe = state == "half_open"
            try:
                result = fn()
            except Exception:
                self._record(False, probe)
                raise
            self._record(True, probe)
            return result

    def _record(self, ok, probe):
        if probe:
            if not ok:
                self._state, self._opened_at = "open", self.clock()
            else:
                self._successes += 1
                if self._successes >= self.probes:
                    self._state = "closed"
                    self._outcomes.clear()
            return
        self._outcomes.append(ok)
        failures = self._outcomes.count(False)
        if len(self._outcomes) >= self.min_calls and failures / len(self._outcomes) >= self.failure_threshold:
            self._state, self._opened_at = "open", self.clock()
