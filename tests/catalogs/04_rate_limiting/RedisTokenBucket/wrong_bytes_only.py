# fails: test-redis-token-bucket-atomic :: three servers, two calls each, capacity 3
# fails: test-redis-token-bucket-atomic :: two servers, capacity 1, other orders
# fails: test-redis-token-bucket-atomic :: two servers, capacity 1, round trips interleaved: exactly one call admitted
# fails: test-redis-token-bucket-keys :: calls at the same instant each take a token
# fails: test-redis-token-bucket-keys :: instances on different clients of one server share the bucket
# fails: test-redis-token-bucket-keys :: keys stay apart while sharing a server
# fails: test-redis-token-bucket-rule :: allow() returns a bool, for both decode_responses settings
# fails: test-redis-token-bucket-rule :: fractions of a token are kept across calls
# fails: test-redis-token-bucket-rule :: starts full, refills continuously, capped at capacity (decode_responses=False and True)
# fails: test-redis-token-bucket-rule :: tokens >= cost is enough, and a refused call takes nothing
# fails: test-redis-token-bucket-ttl :: after allowed and refused calls on several keys, every key has a TTL
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
