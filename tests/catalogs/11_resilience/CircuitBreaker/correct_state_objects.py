"""Correct: the state as a small record replaced under a lock; outcomes kept as a list of the last
`window` booleans; the decision after each call in one place."""
import threading
import time

from course.runtime.resilience import CircuitOpenError

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class CircuitBreaker:
    def __init__(self, failure_threshold=0.5, window=20, min_calls=10, reset_timeout=30.0, probes=1,
                 clock=time.monotonic):
        if failure_threshold <= 0 or failure_threshold > 1:
            raise ValueError("failure_threshold")
        if window < 1 or min_calls < 1 or min_calls > window:
            raise ValueError("window / min_calls")
        if reset_timeout <= 0:
            raise ValueError("reset_timeout")
        if probes < 1:
            raise ValueError("probes")
        self._cfg = (failure_threshold, window, min_calls, reset_timeout, probes)
        self._clock = clock
        self._guard = threading.Lock()
        self._mode, self._since, self._history, self._good_probes, self._in_flight = CLOSED, None, [], 0, False

    def _refresh(self):
        if self._mode == OPEN and self._clock() - self._since >= self._cfg[3]:
            self._mode, self._good_probes, self._in_flight = HALF_OPEN, 0, False

    @property
    def state(self):
        with self._guard:
            self._refresh()
            return self._mode

    def call(self, fn):
        with self._guard:
            self._refresh()
            if self._mode == OPEN or self._in_flight:
                raise CircuitOpenError(self._mode)
            as_probe = self._mode == HALF_OPEN
            if as_probe:
                self._in_flight = True
        try:
            value = fn()
        except Exception:
            self._after(as_probe, False)
            raise
        self._after(as_probe, True)
        return value

    def _after(self, as_probe, ok):
        threshold, window, min_calls, _timeout, probes = self._cfg
        with self._guard:
            if as_probe:
                self._in_flight = False
                if not ok:
                    self._mode, self._since = OPEN, self._clock()
                    return
                self._good_probes += 1
                if self._good_probes >= probes:
                    self._mode, self._history = CLOSED, []
                return
            if self._mode != CLOSED:
                return
            self._history = (self._history + [ok])[-window:]
            bad = self._history.count(False)
            if len(self._history) >= min_calls and bad / len(self._history) >= threshold:
                self._mode, self._since = OPEN, self._clock()
