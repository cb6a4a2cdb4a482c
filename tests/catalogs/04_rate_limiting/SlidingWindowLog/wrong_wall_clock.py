# fails: test-sliding-log-basics :: the clock is the injected one: time moves only when it says so
# fails: test-sliding-log-basics :: the window is not aligned: it ends at now
# fails: test-sliding-log-basics :: the window slides with now
# fails: test-sliding-log-edges :: a call exactly window seconds old no longer counts (the example above)
# fails: test-sliding-log-edges :: calls older than the window are forgotten, not only those exactly window seconds old
# fails: test-sliding-log-edges :: fractional windows
# fails: test-sliding-log-edges :: just inside the window still counts
# fails: test-sliding-log-edges :: refused calls are not logged
"""Wrong: uses the machine's clock (time.monotonic) instead of the injected clock."""
import time
from collections import deque


class SlidingWindowLog:
    def __init__(self, limit, window, clock=time.monotonic):
        if not limit > 0 or not window > 0:
            raise ValueError("limit and window must be positive")
        self.limit, self.window, self.clock = limit, window, clock
        self.log = deque()

    def allow(self):
        now = time.monotonic()
        while self.log and self.log[0] <= now - self.window:
            self.log.popleft()
        if len(self.log) < self.limit:
            self.log.append(now)
            return True
        return False
