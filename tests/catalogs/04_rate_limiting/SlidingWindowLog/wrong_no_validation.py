# fails: test-sliding-log-basics :: non-positive limit or window raise ValueError
"""Wrong: accepts non-positive limit and window (no ValueError)."""
import time
from collections import deque


class SlidingWindowLog:
    def __init__(self, limit, window, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.log = deque()

    def allow(self):
        now = self.clock()
        while self.log and self.log[0] <= now - self.window:
            self.log.popleft()
        if len(self.log) < self.limit:
            self.log.append(now)
            return True
        return False
