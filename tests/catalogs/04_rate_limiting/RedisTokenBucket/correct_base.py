"""Correct: the implementation the one-line mistakes of mutants.toml are applied to."""
import time

class RedisTokenBucket:
    LUA = "\n        local key = KEYS[1]\n        local capacity, rate = tonumber(ARGV[1]), tonumber(ARGV[2])\n        local now, cost = tonumber(ARGV[3]), tonumber(ARGV[4])\n        local state = redis.call('HMGET', key, 'tokens', 'ts')\n        local tokens, last = tonumber(state[1]), tonumber(state[2])\n        if tokens == nil or last == nil then\n            tokens, last = capacity, now\n        end\n        if now > last then\n            tokens = math.min(capacity, tokens + (now - last) * rate)\n            last = now\n        end\n        local allowed = 0\n        if tokens >= cost then\n            tokens = tokens - cost\n            allowed = 1\n        end\n        redis.call('HSET', key, 'tokens', tokens, 'ts', last)\n        redis.call('PEXPIRE', key, math.max(1, math.ceil(capacity / rate * 1000)))\n        return allowed\n    "

    def __init__(self, redis, capacity, refill_rate, clock=time.time, prefix='ratelimit'):
        self.redis, self.capacity, self.refill_rate = (redis, capacity, refill_rate)
        self.clock, self.prefix = (clock, prefix)
        self.script = redis.register_script(self.LUA)

    def allow(self, key, cost=1):
        args = [repr(float(self.capacity)), repr(float(self.refill_rate)), repr(float(self.clock())), repr(float(cost))]
        return self.script(keys=[f'{self.prefix}:{key}'], args=args) == 1
