"""Correct, another formulation (GCRA-like): remember only the time at which the bucket
would have been empty; tokens = min(capacity, (now - empty_at) * refill_rate)."""
import time


class TokenBucket:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        if not (capacity > 0 and refill_rate > 0):
            raise ValueError("non-positive capacity or refill_rate")
        self.capacity, self.rate, self.clock = capacity, refill_rate, clock
        self.empty_at = clock() - capacity / refill_rate      # starts full

    def allow(self, cost=1):
        now = self.clock()
        tokens = min(self.capacity, (now - self.empty_at) * self.rate)
        if tokens >= cost:
            self.empty_at = now - (tokens - cost) / self.rate
            return True
        return False
