"""Wrong: refills for the time since the bucket was created, at every call
(never moves the "last" time forward), so tokens come back far too fast."""
import time


class TokenBucket:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        if not capacity > 0 or not refill_rate > 0:
            raise ValueError("capacity and refill_rate must be positive")
        self.capacity, self.refill_rate, self.clock = capacity, refill_rate, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self, cost=1):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.refill_rate)
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        return False
