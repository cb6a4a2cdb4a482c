"""Correct: WATCH/MULTI/EXEC (optimistic locking), retried when another client wrote the key."""
import math
import time
import uuid

from redis.exceptions import WatchError


class RedisSlidingWindowLog:
    def __init__(self, redis, limit, window, clock=time.time, prefix="ratelimit"):
        self.redis, self.limit, self.window, self.clock, self.prefix = redis, limit, window, clock, prefix

    def allow(self, key):
        k = f"{self.prefix}:{key}"
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    now = self.clock()
                    pipe.watch(k)
                    recent = pipe.zcount(k, f"({now - self.window!r}", "+inf")
                    allowed = recent < self.limit
                    pipe.multi()
                    pipe.zremrangebyscore(k, "-inf", now - self.window)
                    if allowed:
                        pipe.zadd(k, {f"{now!r}:{uuid.uuid4().hex}": now})
                    pipe.pexpire(k, math.ceil(self.window * 1000))
                    pipe.execute()
                    return allowed
                except WatchError:
                    continue
