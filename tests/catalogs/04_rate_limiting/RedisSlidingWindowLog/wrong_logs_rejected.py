# fails: test-redis-log-rule :: a call exactly window seconds old no longer counts (t > now - window)
# fails: test-redis-log-rule :: refused calls are not logged
# fails: test-redis-log-rule :: the injected clock is the only clock (here it starts at 1000.0)
# fails: test-redis-log-rule :: the window slides with now (decode_responses=False and True)
"""Wrong: the common "ZADD, then ZCARD" transaction logs every call, rejected ones too, so a
client that keeps retrying stays locked out."""
import math
import time
import uuid


class RedisSlidingWindowLog:
    def __init__(self, redis, limit, window, clock=time.time, prefix="ratelimit"):
        self.redis, self.limit, self.window, self.clock, self.prefix = redis, limit, window, clock, prefix

    def allow(self, key):
        now = self.clock()
        k = f"{self.prefix}:{key}"
        pipe = self.redis.pipeline()          # MULTI/EXEC: atomic
        pipe.zremrangebyscore(k, "-inf", now - self.window)
        pipe.zadd(k, {f"{now!r}-{uuid.uuid4().hex}": now})
        pipe.zcard(k)
        pipe.pexpire(k, math.ceil(self.window * 1000))
        _, _, count, _ = pipe.execute()
        return count <= self.limit
