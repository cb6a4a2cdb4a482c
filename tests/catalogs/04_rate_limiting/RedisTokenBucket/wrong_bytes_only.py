"""Wrong: a WATCH/MULTI/EXEC version that decodes replies with .decode(): it breaks with a
decode_responses=True client (replies are already str)."""
import math
import time

from redis.exceptions import WatchError


class RedisTokenBucket:
    def __init__(self, redis, capacity, refill_rate, clock=time.time, prefix="ratelimit"):
        self.redis, self.capacity, self.rate = redis, capacity, refill_rate
        self.clock, self.prefix = clock, prefix

    def allow(self, key, cost=1):
        k = f"{self.prefix}:{key}"
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(k)
                    now = self.clock()
                    tokens, ts = pipe.hmget(k, "tokens", "ts")
                    tokens = self.capacity if tokens is None else float(tokens.decode())
                    ts = now if ts is None else float(ts.decode())
                    tokens = min(self.capacity, tokens + max(0.0, now - ts) * self.rate)
                    allowed = tokens >= cost
                    if allowed:
                        tokens -= cost
                    pipe.multi()
                    pipe.hset(k, mapping={"tokens": repr(tokens), "ts": repr(max(now, ts))})
                    pipe.pexpire(k, max(1, math.ceil(self.capacity / self.rate * 1000)))
                    pipe.execute()
                    return allowed
                except WatchError:
                    continue
