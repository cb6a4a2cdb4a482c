"""Correct: separate counters of consecutive failures and successes; each result resets the other."""
import time


class HealthChecker:
    def __init__(self, backends, probe, clock=time.monotonic, interval=2.0, rise=2, fall=3):
        self.backends = list(backends)
        if not self.backends or interval <= 0 or rise < 1 or fall < 1:
            raise ValueError("bad settings")
        self.probe, self.clock = probe, clock
        self.interval, self.rise, self.fall = interval, rise, fall
        start = clock()
        self.state = {}
        for b in self.backends:
            self.state[b] = {"up": True, "fails": 0, "oks": 0, "next": start}

    def run_due(self):
        now = self.clock()
        for b in self.backends:
            s = self.state[b]
            if now < s["next"]:
                continue
            s["next"] = now + self.interval
            try:
                good = self.probe(b) == True  # noqa: E712 - True (or 1), not any truthy value
            except Exception:
                good = False
            if good:
                s["oks"] += 1
                s["fails"] = 0
                if not s["up"] and s["oks"] >= self.rise:
                    s["up"] = True
            else:
                s["fails"] += 1
                s["oks"] = 0
                if s["up"] and s["fails"] >= self.fall:
                    s["up"] = False

    def is_healthy(self, backend):
        return self.state[backend]["up"]

    def healthy(self):
        return [b for b in self.backends if self.state[b]["up"]]
