"""Correct (memory grows while a client stays busy): counts with ZCOUNT and never trims; old
entries go when the key expires, its TTL refreshed on every call. The script returns a table."""
import math
import time
import uuid


class RedisSlidingWindowLog:
    def __init__(self, redis, limit, window, clock=time.time, prefix="ratelimit"):
        self.limit, self.window, self.clock, self.prefix = limit, window, clock, prefix
        self.script = redis.register_script("""
            local count = redis.call('ZCOUNT', KEYS[1], ARGV[1], '+inf')
            local ok = 0
            if count < tonumber(ARGV[2]) then
                redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
                ok = 1
            end
            if redis.call('EXISTS', KEYS[1]) == 1 then
                redis.call('PEXPIRE', KEYS[1], ARGV[5])
            end
            return {ok, count}
        """)

    def allow(self, key):
        now = self.clock()
        ok, _ = self.script(keys=[f"{self.prefix}:{key}"],
                            args=[f"({now - self.window!r}", self.limit, repr(now),
                                  uuid.uuid4().hex, math.ceil(self.window * 1000)])
        return ok == 1
