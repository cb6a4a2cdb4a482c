"""Correct (but memory grows without bound): keep every allowed time, count the recent ones."""
import time


class SlidingWindowLog:
    def __init__(self, limit, window, clock=time.monotonic):
        if limit <= 0 or window <= 0:
            raise ValueError("limit and window must be positive")
        self.limit, self.window, self.clock = limit, window, clock
        self.allowed = []

    def allow(self):
        now = self.clock()
        recent = sum(1 for t in self.allowed if t > now - self.window)
        if recent < self.limit:
            self.allowed.append(now)
            return True
        return False
