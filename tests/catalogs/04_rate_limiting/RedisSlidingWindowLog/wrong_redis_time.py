# fails: test-redis-log-keys :: instances on different clients of one server share the log
# fails: test-redis-log-rule :: a call exactly window seconds old no longer counts (t > now - window)
# fails: test-redis-log-rule :: refused calls are not logged
# fails: test-redis-log-rule :: the injected clock is the only clock (here it starts at 1000.0)
# fails: test-redis-log-rule :: the window slides with now (decode_responses=False and True)
"""Wrong: reads Redis's own clock (TIME) inside the script instead of the injected clock."""
import time
import uuid


class RedisSlidingWindowLog:
    def __init__(self, redis, limit, window, clock=time.time, prefix="ratelimit"):
        self.limit, self.window, self.clock, self.prefix = limit, window, clock, prefix
        self.script = redis.register_script("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
            local window = tonumber(ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
                redis.call('ZADD', KEYS[1], now, ARGV[3])
                redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
                return 1
            end
            return 0
        """)

    def allow(self, key):
        return self.script(keys=[f"{self.prefix}:{key}"],
                           args=[repr(float(self.window)), self.limit, uuid.uuid4().hex]) == 1
