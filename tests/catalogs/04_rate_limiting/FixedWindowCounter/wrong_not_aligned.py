# fails: test-fixed-window-boundaries :: a window starts at a multiple of window (the example above)
# fails: test-fixed-window-boundaries :: fractional windows are aligned too
# fails: test-fixed-window-boundaries :: the double burst: limit at the end of one window and limit at the start of the next
"""Wrong: the window starts at the first call (not aligned on floor(now / window))."""
import time


class FixedWindowCounter:
    def __init__(self, limit, window, clock=time.monotonic):
        if not limit > 0 or not window > 0:
            raise ValueError("limit and window must be positive")
        self.limit, self.window, self.clock = limit, window, clock
        self.start, self.count = None, 0

    def allow(self):
        now = self.clock()
        if self.start is None or now - self.start >= self.window:
            self.start, self.count = now, 0
        if self.count < self.limit:
            self.count += 1
            return True
        return False
