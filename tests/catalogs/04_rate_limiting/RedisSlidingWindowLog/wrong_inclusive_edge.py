# fails: test-redis-log-keys :: instances on different clients of one server share the log
# fails: test-redis-log-rule :: a call exactly window seconds old no longer counts (t > now - window)
# fails: test-redis-log-rule :: refused calls are not logged
# fails: test-redis-log-rule :: the injected clock is the only clock (here it starts at 1000.0)
# fails: test-redis-log-rule :: the window slides with now (decode_responses=False and True)
"""Wrong: keeps entries exactly window seconds old (removes only t < now - window), so they
still count at now (the rule counts t > now - window)."""
import time
import uuid


class RedisSlidingWindowLog:
    LUA = """
        local key, now, window = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. ARGV[5])
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
        return self.script(keys=[f"{self.prefix}:{key}"],
                           args=[repr(now), repr(float(self.window)), self.limit, member, repr(now - self.window)]) == 1
