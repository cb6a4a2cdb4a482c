"""Correct: a fixed-size ring of outcomes with a running failure count; an RLock; the time it may
probe again stored instead of the time it opened."""
import threading
import time

from course.runtime.resilience import CircuitOpenError


class CircuitBreaker:
    def __init__(self, failure_threshold=0.5, window=20, min_calls=10, reset_timeout=30.0, probes=1,
                 clock=time.monotonic):
        if not (0 < failure_threshold <= 1 and window >= 1 and 1 <= min_calls <= window
                and reset_timeout > 0 and probes >= 1):
            raise ValueError("invalid circuit breaker settings")
        self.threshold, self.window, self.min_calls = failure_threshold, window, min_calls
        self.reset_timeout, self.probes, self.clock = reset_timeout, probes, clock
        self.lock = threading.RLock()
        self._reset_window()
        self.mode = "closed"
        self.retry_at = None
        self.probe_running = False
        self.probe_successes = 0

    def _reset_window(self):
        self.ring = [None] * self.window
        self.next = 0
        self.filled = 0
        self.failures = 0

    def _tick(self):
        if self.mode == "open" and self.clock() >= self.retry_at:
            self.mode = "half_open"
            self.probe_running = False
            self.probe_successes = 0

    @property
    def state(self):
        with self.lock:
            self._tick()
            return self.mode

    def call(self, fn):
        with self.lock:
            self._tick()
            if self.mode == "open" or (self.mode == "half_open" and self.probe_running):
                raise CircuitOpenError("refused")
            probing = self.mode == "half_open"
            self.probe_running = probing or self.probe_running
        ok = True
        try:
            return fn()
        except Exception:
            ok = False
            raise
        finally:
            with self.lock:
                if probing:
                    self.probe_running = False
                    if ok:
                        self.probe_successes += 1
                        if self.probe_successes >= self.probes:
                            self.mode = "closed"
                            self._reset_window()
                    else:
                        self.mode, self.retry_at = "open", self.clock() + self.reset_timeout
                elif self.mode == "closed":
                    old = self.ring[self.next]
                    if old is False:
                        self.failures -= 1
                    self.ring[self.next] = ok
                    self.next = (self.next + 1) % self.window
                    self.filled = min(self.window, self.filled + 1)
                    if not ok:
                        self.failures += 1
                    if self.filled >= self.min_calls and self.failures >= self.threshold * self.filled:
                        self.mode, self.retry_at = "open", self.clock() + self.reset_timeout
