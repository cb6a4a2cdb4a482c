"""Correct: state is only written when a call is allowed (a refusal changes nothing, and
min(c, min(c, x + a) + b) == min(c, x + a + b), so refilling later from the old state is the same)."""
import time


class TokenBucket:
    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        if capacity <= 0 or refill_rate <= 0:
            raise ValueError("bad settings")
        self.capacity, self.refill_rate, self.clock = capacity, refill_rate, clock
        self.state = (capacity, clock())

    def allow(self, cost=1):
        now = self.clock()
        tokens, last = self.state
        available = min(self.capacity, tokens + (now - last) * self.refill_rate)
        if available >= cost:
            self.state = (available - cost, now)
            return True
        return False
