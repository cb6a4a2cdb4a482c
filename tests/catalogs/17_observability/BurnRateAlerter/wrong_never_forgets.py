# fails: test-burn-memory :: 8,000 records 0.7 s apart, a 60-second longest window: no more memory than after 1,000
import time


class BurnRateAlerter:
    """Keeps every record forever and filters by time when asked: right answers, unbounded memory."""

    def __init__(self, slo, rules, clock=time.monotonic):
        if not 0 < slo < 1:
            raise ValueError(slo)
        self.budget = 1 - slo
        self.rules = list(rules)
        self.clock = clock
        self.records = []

    def record(self, requests, errors):
        if requests < 0 or errors < 0 or errors > requests:
            raise ValueError((requests, errors))
        self.records.append((self.clock(), requests, errors))

    def _burning(self, now, window, burn):
        req = err = 0
        for t, r, e in reversed(self.records):
            if t <= now - window:
                break
            req += r
            err += e
        return req > 0 and err / req > burn * self.budget

    def firing(self):
        now = self.clock()
        return [name for name, burn, lw, sw in self.rules
                if self._burning(now, lw, burn) and self._burning(now, sw, burn)]
