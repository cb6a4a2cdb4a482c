"""Correct: remembers the start time of the current window, floor(now / window) * window."""
import math
import time


class FixedWindowCounter:
    def __init__(self, limit, window, clock=time.monotonic):
        if not (limit > 0 and window > 0):
            raise ValueError("non-positive limit or window")
        self.limit, self.window, self.clock = limit, window, clock
        self.start = -math.inf
        self.used = 0

    def allow(self):
        now = self.clock()
        start = math.floor(now / self.window) * self.window
        if start != self.start:
            self.start, self.used = start, 0
        if self.used >= self.limit:
            return False
        self.used += 1
        return True
