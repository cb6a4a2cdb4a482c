# fails: test-redis-log-keys :: every key has its own log
# fails: test-redis-log-keys :: keys stay apart while sharing a server
"""Wrong: one log for every key (the key is ignored)."""
import time
import uuid


class RedisSlidingWindowLog:
    LUA = """
        local key, now, window = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
        if redis.call('ZCARD', key) < tonumber(ARGV[3]) then
            redis.call('ZADD', key, now, ARGV[4])
            redis.call('PEXPIRE', key, math.ceil(window * 1000))
            return 1
        end
        return 0
    """

    def __init__(self, redis, limit, window, clock=time.time, prefix="ratelimit"):
        self.redis, self.limit, self.window, self.clock, self.prefix = redis, limit, window, clock, prefix
        self.script = redis.register_script(self.LUA)

    def allow(self, key):
        now = float(self.clock())
        member = f"{now!r}-{uuid.uuid4().hex}"
        return self.script(keys=[f"{self.prefix}:all"],
                           args=[repr(now), repr(float(self.window)), self.limit, member]) == 1
