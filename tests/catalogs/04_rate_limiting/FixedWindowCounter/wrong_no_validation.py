"""Wrong: accepts non-positive limit and window (no ValueError; a zero window divides by zero later)."""
import math
import time


class FixedWindowCounter:
    def __init__(self, limit, window, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.current_window, self.count = None, 0

    def allow(self):
        number = math.floor(self.clock() / self.window)
        if number != self.current_window:
            self.current_window, self.count = number, 0
        if self.count < self.limit:
            self.count += 1
            return True
        return False
