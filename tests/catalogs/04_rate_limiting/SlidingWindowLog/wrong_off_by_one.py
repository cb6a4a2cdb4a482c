# fails: test-sliding-log-basics :: allow() returns a bool
# fails: test-sliding-log-basics :: calls at the same instant each count
# fails: test-sliding-log-basics :: the clock is the injected one: time moves only when it says so
# fails: test-sliding-log-basics :: the window is not aligned: it ends at now
# fails: test-sliding-log-basics :: the window slides with now
# fails: test-sliding-log-edges :: a call exactly window seconds old no longer counts (the example above)
# fails: test-sliding-log-edges :: a limit above 256 is counted like any other (301 calls, limit 300)
# fails: test-sliding-log-edges :: fractional windows
# fails: test-sliding-log-edges :: just inside the window still counts
# fails: test-sliding-log-edges :: refused calls are not logged
"""Wrong: allows limit + 1 calls per window (len(log) <= limit)."""
import time
from collections import deque


class SlidingWindowLog:
    def __init__(self, limit, window, clock=time.monotonic):
        if not limit > 0 or not window > 0:
            raise ValueError("limit and window must be positive")
        self.limit, self.window, self.clock = limit, window, clock
        self.log = deque()

    def allow(self):
        now = self.clock()
        while self.log and self.log[0] <= now - self.window:
            self.log.popleft()
        if len(self.log) <= self.limit:
            self.log.append(now)
            return True
        return False
