# fails: test-redis-log-atomic :: three servers, two calls each, limit 3
# fails: test-redis-log-atomic :: two servers, limit 1, other orders
# fails: test-redis-log-atomic :: two servers, limit 1, round trips interleaved: exactly one call admitted
# fails: test-redis-log-keys :: calls at the same instant each count
# fails: test-redis-log-keys :: every key has its own log
# fails: test-redis-log-keys :: instances on different clients of one server share the log
# fails: test-redis-log-keys :: keys stay apart while sharing a server
# fails: test-redis-log-rule :: a call exactly window seconds old no longer counts (t > now - window)
# fails: test-redis-log-rule :: allow() returns a bool, for both decode_responses settings
# fails: test-redis-log-rule :: refused calls are not logged
# fails: test-redis-log-rule :: the injected clock is the only clock (here it starts at 1000.0)
# fails: test-redis-log-rule :: the window slides with now (decode_responses=False and True)
# fails: test-redis-log-ttl :: after allowed and refused calls on several keys, every key has a TTL
# fails: test-redis-log-ttl :: after one call, every key has a TTL
# fails: test-redis-log-ttl :: the log is a sorted set
"""Wrong: PEXPIREAT with the injected clock's time: Redis compares it with its own clock, so
with a clock behind the real one the key expires at once and the log is lost."""
import time
import uuid


class RedisSlidingWindowLog:
    LUA = """
        local key, now, window = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
        if redis.call('ZCARD', key) < tonumber(ARGV[3]) then
            redis.call('ZADD', key, now, ARGV[4])
            redis.call('PEXPIREAT', key, math.ceil((now + window) * 1000))
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
                           args=[repr(now), repr(float(self.window)), self.limit, member]) == 1
