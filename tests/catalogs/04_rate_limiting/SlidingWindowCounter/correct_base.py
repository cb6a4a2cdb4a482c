"""Correct: the implementation the one-line mistakes of mutants.toml are applied to."""
import math
import time

class SlidingWindowCounter:

    def __init__(self, limit, window, clock=time.monotonic):
        if not limit > 0 or not window > 0:
            raise ValueError('limit and window must be positive')
        self.limit, self.window, self.clock = (limit, window, clock)
        self.number, self.previous, self.current = (None, 0, 0)

    def allow(self):
        now = self.clock()
        number = math.floor(now / self.window)
        if number != self.number:
            follows = self.number is not None and number == self.number + 1
            self.previous = self.current if follows else 0
            self.current = 0
            self.number = number
        elapsed = now - number * self.window
        estimate = self.previous * (1 - elapsed / self.window) + self.current
        if estimate < self.limit:
            self.current += 1
            return True
        return False
