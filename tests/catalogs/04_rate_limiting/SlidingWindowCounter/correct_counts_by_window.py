"""Correct: counts in a dict keyed by window number; previous = counts.get(number - 1, 0)."""
import math
import time


class SlidingWindowCounter:
    def __init__(self, limit, window, clock=time.monotonic):
        if limit <= 0 or window <= 0:
            raise ValueError("limit and window must be positive")
        self.limit, self.window, self.clock = limit, window, clock
        self.counts = {}

    def allow(self):
        now = self.clock()
        number = math.floor(now / self.window)
        self.counts = {n: c for n, c in self.counts.items() if n >= number - 1}
        previous = self.counts.get(number - 1, 0)
        current = self.counts.get(number, 0)
        weight = 1 - (now - number * self.window) / self.window
        if previous * weight + current < self.limit:
            self.counts[number] = current + 1
            return True
        return False
