"""Correct: the implementation the one-line mistakes of mutants.toml are applied to."""
import time

class LeakyBucket:

    def __init__(self, capacity, leak_rate, clock=time.monotonic):
        if not capacity > 0 or not leak_rate > 0:
            raise ValueError('capacity and leak_rate must be positive')
        self.capacity, self.leak_rate, self.clock = (capacity, leak_rate, clock)
        self.level = 0.0
        self.last = clock()

    def allow(self):
        now = self.clock()
        self.level = max(0.0, self.level - (now - self.last) * self.leak_rate)
        self.last = now
        if self.level + 1 <= self.capacity:
            self.level += 1
            return True
        return False
