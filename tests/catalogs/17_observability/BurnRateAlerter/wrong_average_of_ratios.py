# fails: test-burn-fast :: 100 % errors in minutes 61-70 (6,000 requests a minute): fires and resets exactly as expected
# fails: test-burn-slow :: 0.5 % errors (burn 5) from hour 1: only the ticket, after about half a day
# fails: test-burn-slow :: 1 % errors (burn 10) from hour 1, a record every 10 min: the 6-hour page, then the ticket
# fails: test-burn-threshold :: several rules: the names of those that fire, in the order of the rules
# fails: test-burn-threshold :: the ratio is total errors / total requests in the window, not an average of per-record ratios
# fails: test-burn-windows :: a record exactly `long_window` seconds old has left the long window
# fails: test-burn-windows :: a short burst above 10 % does not fire while the long window is mostly good
# fails: test-burn-windows :: the windows slide: a long good stretch, then two bursts 55 s apart
import time
from collections import deque


class BurnRateAlerter:
    """Averages the error ratio of each record in the window: a small record with many errors weighs as
    much as a big healthy one."""

    def __init__(self, slo, rules, clock=time.monotonic):
        if not 0 < slo < 1:
            raise ValueError(slo)
        self.budget = 1 - slo
        self.rules = list(rules)
        self.horizon = max(max(r[2], r[3]) for r in self.rules)
        self.clock = clock
        self.records = deque()

    def record(self, requests, errors):
        if requests < 0 or errors < 0 or errors > requests:
            raise ValueError((requests, errors))
        now = self.clock()
        self.records.append((now, requests, errors))
        while self.records[0][0] <= now - self.horizon:
            self.records.popleft()

    def _burning(self, now, window, burn):
        ratios = [e / r for t, r, e in self.records if t > now - window and r > 0]
        return bool(ratios) and sum(ratios) / len(ratios) > burn * self.budget

    def firing(self):
        now = self.clock()
        return [name for name, burn, lw, sw in self.rules
                if self._burning(now, lw, burn) and self._burning(now, sw, burn)]
