"""Correct: the leaky-bucket meter written as a token bucket (tokens = capacity - level)."""
import time


class LeakyBucket:
    def __init__(self, capacity, leak_rate, clock=time.monotonic):
        if not (capacity > 0 and leak_rate > 0):
            raise ValueError("non-positive capacity or leak_rate")
        self.capacity, self.rate, self.clock = capacity, leak_rate, clock
        self.room = float(capacity)          # capacity - level
        self.last = None

    def allow(self):
        now = self.clock()
        if self.last is not None:
            self.room = min(self.capacity, self.room + (now - self.last) * self.rate)
        self.last = now
        if self.room >= 1:
            self.room -= 1
            return True
        return False
