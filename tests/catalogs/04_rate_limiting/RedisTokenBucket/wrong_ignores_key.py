"""Wrong: one bucket for every key (the key is ignored)."""
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
        redis.call('PEXPIRE', key, math.max(1, math.ceil(capacity / rate * 1000)))
        return allowed
    """

    def __init__(self, redis, capacity, refill_rate, clock=time.time, prefix="ratelimit"):
        self.redis, self.capacity, self.refill_rate = redis, capacity, refill_rate
        self.clock, self.prefix = clock, prefix
        self.script = redis.register_script(self.LUA)

    def allow(self, key, cost=1):
        args = [repr(float(self.capacity)), repr(float(self.refill_rate)), repr(float(self.clock())),
                repr(float(cost))]
        return self.script(keys=[f"{self.prefix}:bucket"], args=args) == 1
