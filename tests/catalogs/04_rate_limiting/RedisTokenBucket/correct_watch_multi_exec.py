"""Correct: WATCH/MULTI/EXEC on a hash, retried when another client wrote the key."""
import math
import time

from redis.exceptions import WatchError


class RedisTokenBucket:
    def __init__(self, redis, capacity, refill_rate, clock=time.time, prefix="ratelimit"):
        self.redis, self.capacity, self.rate = redis, capacity, refill_rate
        self.clock, self.prefix = clock, prefix

    def allow(self, key, cost=1):
        k = f"{self.prefix}:{key}"
        ttl_ms = max(1, math.ceil(self.capacity / self.rate * 1000))
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(k)
                    now = self.clock()
                    tokens, ts = pipe.hmget(k, "tokens", "ts")
                    if tokens is None or ts is None:
                        tokens, ts = self.capacity, now
                    tokens, ts = float(tokens), float(ts)        # float() takes bytes and str
                    tokens = min(self.capacity, tokens + max(0.0, now - ts) * self.rate)
                    allowed = tokens >= cost
                    if allowed:
                        tokens -= cost
                    pipe.multi()
                    pipe.hset(k, mapping={"tokens": repr(tokens), "ts": repr(max(now, ts))})
                    pipe.pexpire(k, ttl_ms)
                    pipe.execute()
                    return allowed
                except WatchError:
                    continue
