# fails: test-redis-log-atomic :: three servers, two calls each, limit 3
# fails: test-redis-log-atomic :: two servers, limit 1, other orders
# fails: test-redis-log-atomic :: two servers, limit 1, round trips interleaved: exactly one call admitted
# fails: test-redis-log-keys :: instances on different clients of one server share the log
# fails: test-redis-log-keys :: keys stay apart while sharing a server
# fails: test-redis-log-ttl :: after allowed and refused calls on several keys, every key has a TTL
# fails: test-redis-log-ttl :: after one call, every key has a TTL
# fails: test-redis-log-ttl :: the log is a sorted set
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
