"""Correct: keeps each backend's recent results and decides from the last rise/fall of them."""
import time
from collections import deque


class HealthChecker:
    def __init__(self, backends, probe, clock=time.monotonic, interval=2.0, rise=2, fall=3):
        if len(list(backends)) == 0:
            raise ValueError("no backends")
        if not (interval > 0 and rise >= 1 and fall >= 1):
            raise ValueError("interval > 0, rise >= 1, fall >= 1")
        self.order = list(backends)
        self.probe = probe
        self.clock = clock
        self.interval = interval
        self.rise = rise
        self.fall = fall
        self.history = {b: deque(maxlen=max(rise, fall)) for b in self.order}
        self.alive = {b: True for b in self.order}
        first = clock()
        self.next_check = {b: first for b in self.order}

    def _check(self, backend):
        try:
            return self.probe(backend) is True
        except Exception:
            return False

    def run_due(self):
        now = self.clock()
        for b in self.order:
            if self.next_check[b] <= now:
                self.next_check[b] = now + self.interval
                h = self.history[b]
                h.append(self._check(b))
                last = list(h)
                if self.alive[b] and len(last) >= self.fall and not any(last[-self.fall:]):
                    self.alive[b] = False
                    h.clear()
                elif not self.alive[b] and len(last) >= self.rise and all(last[-self.rise:]):
                    self.alive[b] = True
                    h.clear()

    def is_healthy(self, backend):
        return self.alive[backend]

    def healthy(self):
        return [b for b in self.order if self.alive[b]]
