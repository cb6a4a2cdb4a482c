"""Correct: unique members from an INCR counter (the counter key has a TTL too); the window's
exclusive bound is passed from Python as "(now - window"."""
import math
import time


class RedisSlidingWindowLog:
    def __init__(self, redis, limit, window, clock=time.time, prefix="ratelimit"):
        self.limit, self.window, self.clock, self.prefix = limit, window, clock, prefix
        self.script = redis.register_script("""
            local log, seq = KEYS[1], KEYS[2]
            local ttl = tonumber(ARGV[4])
            if redis.call('ZCOUNT', log, ARGV[2], '+inf') >= tonumber(ARGV[3]) then
                return 0
            end
            local n = redis.call('INCR', seq)
            redis.call('PEXPIRE', seq, ttl)
            redis.call('ZADD', log, ARGV[1], ARGV[1] .. '#' .. n)
            redis.call('ZREMRANGEBYSCORE', log, '-inf', ARGV[2]:sub(2))
            redis.call('PEXPIRE', log, ttl)
            return 1
        """)

    def allow(self, key):
        now = float(self.clock())
        base = f"{self.prefix}:{{{key}}}"
        args = [repr(now), f"({now - self.window!r}", self.limit, math.ceil(self.window * 1000)]
        return bool(self.script(keys=[base + ":log", base + ":seq"], args=args))
