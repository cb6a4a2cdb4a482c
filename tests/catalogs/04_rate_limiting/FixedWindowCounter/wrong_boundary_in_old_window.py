# fails: test-fixed-window-basics :: at most limit calls per window; the next window starts afresh
# fails: test-fixed-window-basics :: the clock is the injected one: time moves only when it says so
# fails: test-fixed-window-boundaries :: a window starts at a multiple of window (the example above)
# fails: test-fixed-window-boundaries :: fractional windows are aligned too
# fails: test-fixed-window-boundaries :: the boundary itself belongs to the new window
# fails: test-fixed-window-boundaries :: the double burst: limit at the end of one window and limit at the start of the next
"""Wrong: aligned windows, but a call exactly at the boundary still counts in the old window
(resets only when now > start + window)."""
import math
import time


class FixedWindowCounter:
    def __init__(self, limit, window, clock=time.monotonic):
        if not limit > 0 or not window > 0:
            raise ValueError("limit and window must be positive")
        self.limit, self.window, self.clock = limit, window, clock
        self.start, self.count = None, 0

    def allow(self):
        now = self.clock()
        if self.start is None or now > self.start + self.window:
            self.start, self.count = math.floor(now / self.window) * self.window, 0
        if self.count < self.limit:
            self.count += 1
            return True
        return False
