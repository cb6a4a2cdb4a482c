"""Correct: the weight written as the part of the window still to come, (window_end - now) / window."""
import math
import time


class SlidingWindowCounter:
    def __init__(self, limit, window, clock=time.monotonic):
        if not (limit > 0 and window > 0):
            raise ValueError("non-positive limit or window")
        self.limit, self.window, self.clock = limit, window, clock
        self.start = None
        self.prev_count = 0
        self.count = 0

    def allow(self):
        now = self.clock()
        start = math.floor(now / self.window) * self.window
        if self.start is None or start != self.start:
            adjacent = self.start is not None and start - self.window == self.start
            self.prev_count = self.count if adjacent else 0
            self.count = 0
            self.start = start
        estimate = self.prev_count * ((start + self.window - now) / self.window) + self.count
        if estimate >= self.limit:
            return False
        self.count += 1
        return True
