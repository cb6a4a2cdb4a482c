# fails: test-dedup-atomic :: two and three servers racing to replace a sighting a window old
# fails: test-dedup-atomic :: two servers, a new pair, other orders
# fails: test-dedup-atomic :: two servers, a new pair, round trips interleaved: exactly one True
"""Wrong: GET, decide, then SET in separate round trips: two servers can both see "new"."""
import math
import time


class Deduplicator:
    def __init__(self, redis, window, clock=time.time, prefix="dedup"):
        if not window > 0:
            raise ValueError("window")
        self.redis, self.window, self.clock, self.prefix = redis, window, clock, prefix

    def first_seen(self, user, key):
        now = self.clock()
        name = f"{self.prefix}:{len(user)}:{user}:{key}"
        seen = self.redis.get(name)
        if seen is not None and now - float(seen) < self.window:
            return False
        self.redis.set(name, repr(now), px=math.ceil(self.window * 1000))
        return True
