# fails: test-redis-log-atomic :: three servers, two calls each, limit 3
# fails: test-redis-log-keys :: calls at the same instant each count
# fails: test-redis-log-keys :: every key has its own log
# fails: test-redis-log-keys :: instances on different clients of one server share the log
# fails: test-redis-log-rule :: refused calls are not logged
# fails: test-redis-log-rule :: the injected clock is the only clock (here it starts at 1000.0)
"""Wrong: the member is the timestamp itself, so calls at the same instant collapse into ONE
sorted-set entry (members are unique) and the log under-counts."""
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
        member = repr(now)
        return self.script(keys=[f"{self.prefix}:{key}"],
                           args=[repr(now), repr(float(self.window)), self.limit, member]) == 1
