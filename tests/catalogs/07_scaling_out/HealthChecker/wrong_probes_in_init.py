# fails: test-health-schedule :: no probe outside run_due (creating the checker and asking it probe nothing)
"""Wrong: probes every backend when it is created (so the first run_due finds nothing due)."""
import time


class HealthChecker:
    def __init__(self, backends, probe, clock=time.monotonic, interval=2.0, rise=2, fall=3):
        self.backends = list(backends)
        if not self.backends or not interval > 0 or rise < 1 or fall < 1:
            raise ValueError("bad settings")
        self.probe, self.clock, self.interval, self.rise, self.fall = probe, clock, interval, rise, fall
        self.up = {b: True for b in self.backends}
        self.streak = {b: 0 for b in self.backends}
        self.due = {}
        now = clock()
        for b in self.backends:
            self._result(b, self._probe(b))
            self.due[b] = now + interval

    def _probe(self, b):
        try:
            return self.probe(b) is True
        except Exception:
            return False

    def _result(self, b, ok):
        if ok == self.up[b]:
            self.streak[b] = 0
            return
        self.streak[b] += 1
        if self.streak[b] >= (self.fall if self.up[b] else self.rise):
            self.up[b], self.streak[b] = ok, 0

    def run_due(self):
        now = self.clock()
        for b in self.backends:
            if self.due[b] <= now:
                self.due[b] = now + self.interval
                self._result(b, self._probe(b))

    def is_healthy(self, backend):
        return self.up[backend]

    def healthy(self):
        return [b for b in self.backends if self.up[b]]
