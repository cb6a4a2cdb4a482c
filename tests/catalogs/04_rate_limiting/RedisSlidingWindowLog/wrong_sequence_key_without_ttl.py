# fails: test-redis-log-ttl :: after allowed and refused calls on several keys, every key has a TTL
# fails: test-redis-log-ttl :: after one call, every key has a TTL
"""Wrong: unique members from an INCR counter, but the counter key has no TTL."""
import math
import time


class RedisSlidingWindowLog:
    def __init__(self, redis, limit, window, clock=time.time, prefix="ratelimit"):
        self.limit, self.window, self.clock, self.prefix = limit, window, clock, prefix
        self.script = redis.register_script("""
            local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
                return 0
            end
            local n = redis.call('INCR', KEYS[2])
            redis.call('ZADD', KEYS[1], now, ARGV[1] .. '#' .. n)
            redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
            return 1
        """)

    def allow(self, key):
        now = float(self.clock())
        return self.script(keys=[f"{self.prefix}:{key}", f"{self.prefix}:{key}:seq"],
                           args=[repr(now), repr(float(self.window)), self.limit]) == 1
