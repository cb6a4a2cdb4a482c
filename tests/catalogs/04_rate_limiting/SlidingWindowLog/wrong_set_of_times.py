# fails: test-sliding-log-basics :: calls at the same instant each count
# fails: test-sliding-log-basics :: the window is not aligned: it ends at now
# fails: test-sliding-log-edges :: a limit above 256 is counted like any other (301 calls, limit 300)
# fails: test-sliding-log-edges :: refused calls are not logged
"""Wrong: the log is a set of times, so calls at the same instant collapse into one entry."""
import time


class SlidingWindowLog:
    def __init__(self, limit, window, clock=time.monotonic):
        if not limit > 0 or not window > 0:
            raise ValueError("limit and window must be positive")
        self.limit, self.window, self.clock = limit, window, clock
        self.times = set()

    def allow(self):
        now = self.clock()
        self.times = {t for t in self.times if t > now - self.window}
        if len(self.times) < self.limit:
            self.times.add(now)
            return True
        return False
