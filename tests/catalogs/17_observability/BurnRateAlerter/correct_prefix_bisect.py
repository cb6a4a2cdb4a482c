import bisect
import time


class BurnRateAlerter:
    """Times and prefix sums in lists; a window is one bisect; old records are compacted away."""

    def __init__(self, slo, rules, clock=time.monotonic):
        if not 0.0 < slo < 1.0:
            raise ValueError(slo)
        self.slo = slo
        self.rules = [(str(n), float(b), float(lw), float(sw)) for n, b, lw, sw in rules]
        self.longest = max([max(lw, sw) for _, _, lw, sw in self.rules] or [0.0])
        self.clock = clock
        self.times, self.cum_req, self.cum_err = [], [0], [0]

    def record(self, requests, errors):
        if requests < 0 or errors < 0 or errors > requests:
            raise ValueError("bad counts")
        now = self.clock()
        self.times.append(now)
        self.cum_req.append(self.cum_req[-1] + requests)
        self.cum_err.append(self.cum_err[-1] + errors)
        self._compact(now)

    def _compact(self, now):
        drop = bisect.bisect_right(self.times, now - self.longest)
        if drop > 64 and drop * 2 > len(self.times):
            self.times = self.times[drop:]
            base_r, base_e = self.cum_req[drop], self.cum_err[drop]
            self.cum_req = [c - base_r for c in self.cum_req[drop:]]
            self.cum_err = [c - base_e for c in self.cum_err[drop:]]

    def _ratio(self, now, window):
        i = bisect.bisect_right(self.times, now - window)       # first record with t > now - window
        req = self.cum_req[-1] - self.cum_req[i]
        err = self.cum_err[-1] - self.cum_err[i]
        return err / req if req else None

    def firing(self):
        now = self.clock()
        names = []
        for name, burn, lw, sw in self.rules:
            threshold = burn * (1 - self.slo)
            long_ratio, short_ratio = self._ratio(now, lw), self._ratio(now, sw)
            if long_ratio is not None and short_ratio is not None and long_ratio > threshold and short_ratio > threshold:
                names.append(name)
        return names
