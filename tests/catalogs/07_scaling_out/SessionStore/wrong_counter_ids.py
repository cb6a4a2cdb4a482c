# fails: test-sessions-basics :: ids are long random strings from secrets, never repeated
"""Wrong: session ids from a counter (INCR): guessable, and the same on every fresh server."""
import json
import math
import time


def text(value):
    return value.decode() if isinstance(value, bytes) else value


class SessionStore:
    def __init__(self, redis, idle_timeout, absolute_timeout, clock=time.time, prefix="session"):
        if not 0 < idle_timeout <= absolute_timeout:
            raise ValueError("bad timeouts")
        self.redis, self.idle, self.absolute, self.clock, self.prefix = redis, idle_timeout, absolute_timeout, clock, prefix
        self.touch = redis.register_script("""
            local s = redis.call('HMGET', KEYS[1], 'user', 'data', 'created', 'last_seen')
            if not s[1] then return nil end
            local now, idle, absolute = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            if now - tonumber(s[4]) >= idle or now - tonumber(s[3]) >= absolute then
                redis.call('DEL', KEYS[1])
                return nil
            end
            redis.call('HSET', KEYS[1], 'last_seen', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], math.ceil(math.min(idle, tonumber(s[3]) + absolute - now) * 1000))
            return {s[1], s[2]}
        """)

    def create(self, user, data=None):
        sid = str(self.redis.incr(f"{self.prefix}:next-id")).zfill(22)
        self.redis.pexpire(f"{self.prefix}:next-id", math.ceil(self.absolute * 1000))
        now = float(self.clock())
        key, index = f"{self.prefix}:{sid}", f"{self.prefix}:user:{user}"
        pipe = self.redis.pipeline()
        pipe.hset(key, mapping={"user": user, "data": json.dumps(data or {}), "created": repr(now), "last_seen": repr(now)})
        pipe.pexpire(key, math.ceil(self.idle * 1000))
        pipe.sadd(index, sid)
        pipe.pexpire(index, math.ceil(self.absolute * 1000))
        pipe.execute()
        return sid

    def get(self, session_id):
        reply = self.touch(keys=[f"{self.prefix}:{session_id}"],
                           args=[repr(float(self.clock())), repr(float(self.idle)), repr(float(self.absolute))])
        if reply is None:
            return None
        return {"user": text(reply[0]), "data": json.loads(reply[1])}

    def revoke(self, session_id):
        key = f"{self.prefix}:{session_id}"
        user = self.redis.hget(key, "user")
        deleted = self.redis.delete(key)
        if user is not None:
            self.redis.srem(f"{self.prefix}:user:{text(user)}", session_id)
        return deleted == 1

    def revoke_all(self, user):
        index = f"{self.prefix}:user:{user}"
        ids = [text(s) for s in self.redis.smembers(index)]
        deleted = self.redis.delete(*[f"{self.prefix}:{s}" for s in ids]) if ids else 0
        self.redis.delete(index)
        return deleted
