# fails: test-sliding-log-basics :: the window is not aligned: it ends at now
# fails: test-sliding-log-basics :: the window slides with now
# fails: test-sliding-log-edges :: fractional windows
"""Wrong: counts per aligned window (a fixed window), not over the last `window` seconds."""
import math
import time


class SlidingWindowLog:
    def __init__(self, limit, window, clock=time.monotonic):
        if not limit > 0 or not window > 0:
            raise ValueError("limit and window must be positive")
        self.limit, self.window, self.clock = limit, window, clock
        self.log = []

    def allow(self):
        now = self.clock()
        start = math.floor(now / self.window) * self.window
        self.log = [t for t in self.log if t >= start]
        if len(self.log) < self.limit:
            self.log.append(now)
            return True
        return False
