# fails: test-leaky-bucket-basics :: the clock is the injected one: time moves only when it says so
# fails: test-leaky-bucket-drain :: a refused call adds nothing
# fails: test-leaky-bucket-drain :: fractions drained are kept across calls (no rounding, no lost time)
# fails: test-leaky-bucket-drain :: level + 1 == capacity is allowed
# fails: test-leaky-bucket-drain :: the level drains continuously at leak_rate (the example above)
# fails: test-leaky-bucket-drain :: the level never drains below 0
"""Wrong: decides on the level as it was at the previous call, and drains afterwards."""
import time


class LeakyBucket:
    def __init__(self, capacity, leak_rate, clock=time.monotonic):
        if not capacity > 0 or not leak_rate > 0:
            raise ValueError("capacity and leak_rate must be positive")
        self.capacity, self.leak_rate, self.clock = capacity, leak_rate, clock
        self.level = 0.0
        self.last = clock()

    def allow(self):
        now = self.clock()
        allowed = self.level + 1 <= self.capacity
        if allowed:
            self.level += 1
        self.level = max(0.0, self.level - (now - self.last) * self.leak_rate)
        self.last = now
        return allowed
