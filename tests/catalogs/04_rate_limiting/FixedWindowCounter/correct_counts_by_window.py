"""Correct: a dict of counts keyed by window number, older windows dropped."""
import time


class FixedWindowCounter:
    def __init__(self, limit, window, clock=time.monotonic):
        if limit <= 0 or window <= 0:
            raise ValueError("limit and window must be positive")
        self.limit, self.window, self.clock = limit, window, clock
        self.counts = {}

    def allow(self):
        number = int(self.clock() // self.window)
        for old in [n for n in self.counts if n != number]:
            del self.counts[old]
        if self.counts.get(number, 0) >= self.limit:
            return False
        self.counts[number] = self.counts.get(number, 0) + 1
        return True
