"""Correct: the implementation the one-line mistakes of mutants.toml are applied to."""
import time

class TokenBucket:

    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        if not capacity > 0 or not refill_rate > 0:
            raise ValueError('capacity and refill_rate must be positive')
        self.capacity, self.refill_rate, self.clock = (capacity, refill_rate, clock)
        self.tokens = capacity
        self.last = clock()

    def allow(self, cost=1):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.refill_rate)
        self.last = now
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        return False
