"""Correct: the implementation the one-line mistakes of mutants.toml are applied to."""
import math
import time

class FixedWindowCounter:

    def __init__(self, limit, window, clock=time.monotonic):
        if not limit > 0 or not window > 0:
            raise ValueError('limit and window must be positive')
        self.limit, self.window, self.clock = (limit, window, clock)
        self.current_window, self.count = (None, 0)

    def allow(self):
        number = math.floor(self.clock() / self.window)
        if number != self.current_window:
            self.current_window, self.count = (number, 0)
        if self.count < self.limit:
            self.count += 1
            return True
        return False
