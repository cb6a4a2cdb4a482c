# fails: test-redis-token-bucket-atomic :: three servers, two calls each, capacity 3
# fails: test-redis-token-bucket-atomic :: two servers, capacity 1, other orders
# fails: test-redis-token-bucket-atomic :: two servers, capacity 1, round trips interleaved: exactly one call admitted
"""Wrong: check-then-act without a transaction: HMGET in one round trip, HSET in another,
so two servers both see the token and both take it."""
import math
import time


class RedisTokenBucket:
    def __init__(self, redis, capacity, refill_rate, clock=time.time, prefix="ratelimit"):
        self.redis, self.capacity, self.rate = redis, capacity, refill_rate
        self.clock, self.prefix = clock, prefix

    def allow(self, key, cost=1):
        k = f"{self.prefix}:{key}"
        now = self.clock()
        tokens, ts = self.redis.hmget(k, "tokens", "ts")
        tokens = self.capacity if tokens is None else float(tokens)
        ts = now if ts is None else float(ts)
        tokens = min(self.capacity, tokens + (now - ts) * self.rate)
        allowed = tokens >= cost
        if allowed:
            tokens -= cost
        pipe = self.redis.pipeline()
        pipe.hset(k, mapping={"tokens": repr(tokens), "ts": repr(now)})
        pipe.pexpire(k, max(1, math.ceil(self.capacity / self.rate * 1000)))
        pipe.execute()
        return allowed
