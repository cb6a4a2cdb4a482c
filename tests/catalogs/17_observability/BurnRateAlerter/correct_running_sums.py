import time
from collections import deque


class BurnRateAlerter:
    """One deque per distinct window with running sums: O(1) amortised per record and per rule."""

    def __init__(self, slo, rules, clock=time.monotonic):
        if slo <= 0 or slo >= 1:
            raise ValueError("slo must be in (0, 1)")
        self.threshold_unit = 1.0 - slo
        self.rules = list(rules)
        self.clock = clock
        # window length -> [deque of (t, requests, errors), sum of requests, sum of errors]
        self.windows = {}
        for _, _, long_w, short_w in self.rules:
            for w in (long_w, short_w):
                self.windows.setdefault(w, [deque(), 0, 0])

    def _expire(self, now):
        for w, state in self.windows.items():
            q = state[0]
            while q and q[0][0] <= now - w:
                _, r, e = q.popleft()
                state[1] -= r
                state[2] -= e

    def record(self, requests, errors):
        if not (0 <= errors <= requests):
            raise ValueError("errors must be between 0 and requests")
        now = self.clock()
        for state in self.windows.values():
            state[0].append((now, requests, errors))
            state[1] += requests
            state[2] += errors
        self._expire(now)

    def firing(self):
        now = self.clock()
        self._expire(now)
        out = []
        for name, burn, long_w, short_w in self.rules:
            limit = burn * self.threshold_unit
            ok = True
            for w in (long_w, short_w):
                _, req, err = self.windows[w]
                if req == 0 or err <= limit * req:
                    ok = False
            if ok:
                out.append(name)
        return out
