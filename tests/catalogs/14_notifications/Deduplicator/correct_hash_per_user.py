"""Correct: one Redis hash per user (the user hex-encoded in the key name), one field per
idempotency key; a Lua script compares and writes, and stretches the hash's TTL so no field can
outlive it while it still matters."""
import math
import time


class Deduplicator:
    SCRIPT = """
    local now, window = tonumber(ARGV[2]), tonumber(ARGV[3])
    local seen = redis.call('HGET', KEYS[1], ARGV[1])
    if seen and now - tonumber(seen) < window then
        return false
    end
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
    local ttl = redis.call('PTTL', KEYS[1])
    local want = tonumber(ARGV[4])
    if ttl < want then
        redis.call('PEXPIRE', KEYS[1], want)
    end
    return true
    """

    def __init__(self, redis, window, clock=time.time, prefix="dedup"):
        if not (window > 0):
            raise ValueError(window)
        self.window = window
        self.clock = clock
        self.prefix = prefix
        self.run = redis.register_script(self.SCRIPT)

    def first_seen(self, user, key):
        now = self.clock()
        name = f"{self.prefix}:{user.encode().hex()}"
        result = self.run(keys=[name], args=[key, repr(float(now)), repr(float(self.window)),
                                             math.ceil(self.window * 1000)])
        return bool(result)
