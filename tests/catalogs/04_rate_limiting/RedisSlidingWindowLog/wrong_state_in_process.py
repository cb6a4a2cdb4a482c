"""Wrong: keeps the log in the instance's memory, so servers do not share it (and nothing is
in Redis)."""
import time
from collections import defaultdict, deque


class RedisSlidingWindowLog:
    def __init__(self, redis, limit, window, clock=time.time, prefix="ratelimit"):
        self.limit, self.window, self.clock = limit, window, clock
        self.logs = defaultdict(deque)

    def allow(self, key):
        now = self.clock()
        log = self.logs[key]
        while log and log[0] <= now - self.window:
            log.popleft()
        if len(log) < self.limit:
            log.append(now)
            return True
        return False
