"""Wrong: PEXPIREAT with the injected clock's time: Redis compares it with its own clock, so
with a clock behind the real one the key expires at once and the bucket is always full."""
import time


class RedisTokenBucket:
    LUA = """
        local key = KEYS[1]
        local capacity, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
        local now, cost = tonumber(ARGV[3]), tonumber(ARGV[4])
        local state = redis.call('HMGET', key, 'tokens', 'ts')
        local tokens, last = tonumber(state[1]), tonumber(state[2])
        if tokens == nil or last == nil then
            tokens, last = capacity, now
        end
        if now > last then
            tokens = math.min(capacity, tokens + (now - last) * rate)
            last = now
        end
        local allowed = 0
        if tokens >= cost then
            tokens = tokens - cost
            allowed = 1
        end
        redis.call('HSET', key, 'tokens', tokens, 'ts', last)
        redis.call('PEXPIREAT', key, math.ceil((now + capacity / rate) * 1000))
        return allowed
    """

    def __init__(self, redis, capacity, refill_rate, clock=time.time, prefix="ratelimit"):
        self.redis, self.capacity, self.refill_rate = redis, capacity, refill_rate
        self.clock, self.prefix = clock, prefix
        self.script = redis.register_script(self.LUA)

    def allow(self, key, cost=1):
        args = [repr(float(self.capacity)), repr(float(self.refill_rate)), repr(float(self.clock())),
                repr(float(cost))]
        return self.script(keys=[f"{self.prefix}:{key}"], args=args) == 1
