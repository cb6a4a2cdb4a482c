# fails: test-breaker-closed :: below the threshold it stays closed, and the window slides
# fails: test-breaker-closed :: fewer than min_calls outcomes never open it
"""Wrong: counts every outcome since the breaker last closed, instead of the last `window` ones."""
import threading
import time

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
        self._lock = threading.Lock()
        self._calls = self._failures = 0
        self._state, self._opened_at, self._successes, self._probing = "closed", None, 0, False

    def _current(self):
        if self._state == "open" and self.clock() - self._opened_at >= self.reset_timeout:
            self._state, self._successes, self._probing = "half_open", 0, False
        return self._state

    @property
    def state(self):
        with self._lock:
            return self._current()

    def call(self, fn):
        with self._lock:
            state = self._current()
            if state == "open" or (state == "half_open" and self._probing):
                raise CircuitOpenError(state)
            probe = state == "half_open"
            self._probing = self._probing or probe
        try:
            result = fn()
        except Exception:
            self._record(False, probe)
            raise
        self._record(True, probe)
        return result

    def _record(self, ok, probe):
        with self._lock:
            if probe:
                self._probing = False
                if not ok:
                    self._state, self._opened_at = "open", self.clock()
                else:
                    self._successes += 1
                    if self._successes >= self.probes:
                        self._state = "closed"
                        self._calls = self._failures = 0
                return
            if self._state != "closed":
                return
            self._calls += 1
            self._failures += 0 if ok else 1
            if self._calls >= self.min_calls and self._failures / self._calls >= self.failure_threshold:
                self._state, self._opened_at = "open", self.clock()
