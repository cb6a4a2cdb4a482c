# fails: test-redis-log-atomic :: two servers, limit 1, other orders
# fails: test-redis-log-atomic :: two servers, limit 1, round trips interleaved: exactly one call admitted
"""Wrong: check-then-act without a transaction: ZCARD in one round trip, ZADD in another,
so two servers both see room and both admit."""
import math
import time
import uuid


class RedisSlidingWindowLog:
    def __init__(self, redis, limit, window, clock=time.time, prefix="ratelimit"):
        self.redis, self.limit, self.window, self.clock, self.prefix = redis, limit, window, clock, prefix

    def allow(self, key):
        now = self.clock()
        k = f"{self.prefix}:{key}"
        self.redis.zremrangebyscore(k, "-inf", now - self.window)
        if self.redis.zcard(k) >= self.limit:
            return False
        pipe = self.redis.pipeline()
        pipe.zadd(k, {f"{now!r}-{uuid.uuid4().hex}": now})
        pipe.pexpire(k, math.ceil(self.window * 1000))
        pipe.execute()
        return True
