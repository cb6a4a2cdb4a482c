# fails: test-burn-basics :: record() refuses errors > requests and negative counts, and records nothing then
import time
from collections import deque


class BurnRateAlerter:
    """Stores the record, then checks it: a refused record has already been counted."""

    def __init__(self, slo, rules, clock=time.monotonic):
        if not 0 < slo < 1:
            raise ValueError(slo)
        self.budget = 1 - slo
        self.rules = list(rules)
        self.horizon = max(max(r[2], r[3]) for r in self.rules)
        self.clock = clock
        self.records = deque()

    def record(self, requests, errors):
        now = self.clock()
        self.records.append((now, requests, errors))
        while self.records[0][0] <= now - self.horizon:
            self.records.popleft()
        if requests < 0 or errors < 0 or errors > requests:
            raise ValueError((requests, errors))

    def _burning(self, now, window, burn):
        req = sum(r for t, r, e in self.records if t > now - window)
        err = sum(e for t, r, e in self.records if t > now - window)
        return req > 0 and err / req > burn * self.budget

    def firing(self):
        now = self.clock()
        return [name for name, burn, lw, sw in self.rules
                if self._burning(now, lw, burn) and self._burning(now, sw, burn)]
