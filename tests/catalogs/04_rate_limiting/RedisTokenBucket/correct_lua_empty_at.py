"""Correct, another formulation: one string per key holding the time at which the bucket
would have been empty; tokens = min(capacity, (now - empty_at) * refill_rate)."""
import math
import time


class RedisTokenBucket:
    def __init__(self, redis, capacity, refill_rate, clock=time.time, prefix="ratelimit"):
        self.capacity, self.rate, self.clock, self.prefix = capacity, refill_rate, clock, prefix
        self.script = redis.register_script("""
            local capacity, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
            local now, cost = tonumber(ARGV[3]), tonumber(ARGV[4])
            local empty_at = tonumber(redis.call('GET', KEYS[1]))
            if empty_at == nil then
                empty_at = now - capacity / rate
            end
            local tokens = math.min(capacity, (now - empty_at) * rate)
            if tokens < cost then
                return 0
            end
            redis.call('SET', KEYS[1], now - (tokens - cost) / rate, 'PX', ARGV[5])
            return 1
        """)

    def allow(self, key, cost=1):
        ttl = max(1, math.ceil(self.capacity / self.rate * 1000))
        reply = self.script(keys=[f"{self.prefix}:{key}"],
                            args=[repr(float(self.capacity)), repr(float(self.rate)),
                                  repr(float(self.clock())), repr(float(cost)), ttl])
        return reply == 1
