"""Correct: the hash keeps two deadlines (idle and absolute) instead of times; one Lua script checks
and slides them."""
import json
import math
import secrets
import time

TOUCH = """
local d = redis.call('HMGET', KEYS[1], 'user', 'data', 'idle_until', 'hard_until')
if d[1] == false then return false end
local now = tonumber(ARGV[1])
local hard = tonumber(d[4])
if now >= tonumber(d[3]) or now >= hard then
    redis.call('DEL', KEYS[1])
    return false
end
local idle = tonumber(ARGV[2])
local until_ = math.min(now + idle, hard)
redis.call('HSET', KEYS[1], 'idle_until', tostring(now + idle))
redis.call('PEXPIRE', KEYS[1], math.ceil((until_ - now) * 1000))
return {d[1], d[2]}
"""


class SessionStore:
    def __init__(self, redis, idle_timeout, absolute_timeout, clock=time.time, prefix="session"):
        if not (idle_timeout > 0 and absolute_timeout >= idle_timeout):
            raise ValueError("bad timeouts")
        self.redis = redis
        self.idle = float(idle_timeout)
        self.absolute = float(absolute_timeout)
        self.clock = clock
        self.prefix = prefix
        self.touch = redis.register_script(TOUCH)

    def create(self, user, data=None):
        sid = secrets.token_hex(16)
        now = float(self.clock())
        key = f"{self.prefix}:{sid}"
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(key, mapping={"user": user, "data": json.dumps(data if data is not None else {}),
                                "idle_until": repr(now + self.idle), "hard_until": repr(now + self.absolute)})
        pipe.pexpire(key, math.ceil(self.idle * 1000))
        pipe.sadd(f"{self.prefix}:user:{user}", sid)
        pipe.pexpire(f"{self.prefix}:user:{user}", math.ceil(self.absolute * 1000))
        pipe.execute()
        return sid

    def get(self, session_id):
        reply = self.touch(keys=[f"{self.prefix}:{session_id}"], args=[repr(float(self.clock())), repr(self.idle)])
        if not reply:
            return None
        user, data = reply
        if isinstance(user, bytes):
            user = user.decode("utf-8")
        return {"user": user, "data": json.loads(data)}

    def revoke(self, session_id):
        return bool(self.redis.delete(f"{self.prefix}:{session_id}"))

    def revoke_all(self, user):
        index = f"{self.prefix}:user:{user}"
        members = self.redis.smembers(index)
        self.redis.delete(index)
        count = 0
        for m in members:
            m = m.decode() if isinstance(m, bytes) else m
            count += self.redis.delete(f"{self.prefix}:{m}")
        return count
