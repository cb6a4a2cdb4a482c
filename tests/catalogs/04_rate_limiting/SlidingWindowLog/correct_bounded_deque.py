"""Correct: only the last `limit` allowed times matter; a call is allowed if there are fewer,
or if the oldest of them has left the window (memory O(limit))."""
import time
from collections import deque


class SlidingWindowLog:
    def __init__(self, limit, window, clock=time.monotonic):
        if not (limit > 0 and window > 0):
            raise ValueError("non-positive limit or window")
        self.window, self.clock = window, clock
        self.last = deque(maxlen=limit)

    def allow(self):
        now = self.clock()
        if len(self.last) < self.last.maxlen or self.last[0] <= now - self.window:
            self.last.append(now)          # maxlen drops the oldest
            return True
        return False
