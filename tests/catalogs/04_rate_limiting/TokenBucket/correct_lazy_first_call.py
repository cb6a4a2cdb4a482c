"""Correct: the clock is first read by the first allow(); the bucket is full until then."""
import time


class TokenBucket:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        if capacity <= 0 or refill_rate <= 0:
            raise ValueError("capacity and refill_rate must be positive")
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.clock = clock
        self.tokens = float(capacity)
        self.last = None

    def allow(self, cost=1):
        now = self.clock()
        if self.last is not None:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.refill_rate)
        self.last = now
        if self.tokens < cost:
            return False
        self.tokens -= cost
        return True
