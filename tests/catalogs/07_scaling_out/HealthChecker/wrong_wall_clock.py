# fails: test-health-schedule :: a backend is probed once per due check, whatever its state
# fails: test-health-schedule :: a late run probes each due backend once, and the next check is due interval after it
# fails: test-health-schedule :: the first checks are due at once; then every interval seconds, in list order
# fails: test-health-schedule :: the interval is the checker's own, and the clock the injected one
# fails: test-health-thresholds :: a failure resets the success streak of a down backend
# fails: test-health-thresholds :: a probe that raises counts as a failed check
# fails: test-health-thresholds :: a success resets the failure streak
# fails: test-health-thresholds :: down after fall consecutive failures, up again after rise consecutive successes
# fails: test-health-thresholds :: rise and fall are the checker's own: rise 1 and fall 1 flip at once; rise 3, fall 2
"""Wrong: schedules checks on time.monotonic() instead of the injected clock."""
import time


class HealthChecker:
    def __init__(self, backends, probe, clock=time.monotonic, interval=2.0, rise=2, fall=3):
        self.backends = list(backends)
        if not self.backends or not interval > 0 or rise < 1 or fall < 1:
            raise ValueError("bad settings")
        self.probe, self.interval, self.rise, self.fall = probe, interval, rise, fall
        now = time.monotonic()
        self.up = {b: True for b in self.backends}
        self.streak = {b: 0 for b in self.backends}
        self.due = {b: now for b in self.backends}

    def run_due(self):
        now = time.monotonic()
        for b in self.backends:
            if self.due[b] > now:
                continue
            try:
                ok = self.probe(b) is True
            except Exception:
                ok = False
            self.due[b] = now + self.interval
            if ok == self.up[b]:
                self.streak[b] = 0
                continue
            self.streak[b] += 1
            if self.streak[b] >= (self.fall if self.up[b] else self.rise):
                self.up[b], self.streak[b] = ok, 0

    def is_healthy(self, backend):
        return self.up[backend]

    def healthy(self):
        return [b for b in self.backends if self.up[b]]
