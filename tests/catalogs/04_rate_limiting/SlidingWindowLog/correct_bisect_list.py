"""Correct: a sorted list, counted and trimmed with bisect."""
import bisect
import time


class SlidingWindowLog:
    def __init__(self, limit, window, clock=time.monotonic):
        if limit <= 0 or window <= 0:
            raise ValueError("limit and window must be positive")
        self.limit, self.window, self.clock = limit, window, clock
        self.times = []

    def allow(self):
        now = self.clock()
        del self.times[:bisect.bisect_right(self.times, now - self.window)]   # keep t > now - window
        if len(self.times) >= self.limit:
            return False
        bisect.insort(self.times, now)
        return True
