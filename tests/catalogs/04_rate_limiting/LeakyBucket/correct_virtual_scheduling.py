"""Correct, another formulation (GCRA virtual scheduling): remember when the bucket will be
empty; level = max(0, (empty_at - now) * leak_rate)."""
import time


class LeakyBucket:
    def __init__(self, capacity, leak_rate, clock=time.monotonic):
        if capacity <= 0 or leak_rate <= 0:
            raise ValueError("capacity and leak_rate must be positive")
        self.capacity, self.leak_rate, self.clock = capacity, leak_rate, clock
        self.empty_at = None

    def allow(self):
        now = self.clock()
        empty_at = now if self.empty_at is None else max(self.empty_at, now)
        level = (empty_at - now) * self.leak_rate
        if level + 1 <= self.capacity:
            self.empty_at = empty_at + 1 / self.leak_rate
            return True
        return False
