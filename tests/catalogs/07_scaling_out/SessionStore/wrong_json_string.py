# fails: test-sessions-basics :: the session is a hash at prefix:id, under the given prefix
"""Wrong: stores the session as one JSON string (SET ... PX) instead of a hash at prefix:id; the refresh
rewrites the whole value with SET XX (atomic, but not the layout the contract fixes)."""
import json
import math
import secrets
import time


def text(value):
    return value.decode() if isinstance(value, bytes) else value


class SessionStore:
    def __init__(self, redis, idle_timeout, absolute_timeout, clock=time.time, prefix="session"):
        if not 0 < idle_timeout <= absolute_timeout:
            raise ValueError("bad timeouts")
        self.redis, self.idle, self.absolute, self.clock, self.prefix = redis, idle_timeout, absolute_timeout, clock, prefix

    def create(self, user, data=None):
        sid = secrets.token_urlsafe(32)
        now = float(self.clock())
        value = json.dumps({"user": user, "data": data or {}, "created": now, "last_seen": now})
        self.redis.set(f"{self.prefix}:{sid}", value, px=math.ceil(self.idle * 1000))
        self.redis.sadd(f"{self.prefix}:user:{user}", sid)
        self.redis.pexpire(f"{self.prefix}:user:{user}", math.ceil(self.absolute * 1000))
        return sid

    def get(self, session_id):
        key = f"{self.prefix}:{session_id}"
        raw = self.redis.get(key)
        if raw is None:
            return None
        s = json.loads(raw)
        now = float(self.clock())
        if now - s["last_seen"] >= self.idle or now - s["created"] >= self.absolute:
            self.redis.delete(key)
            return None
        s["last_seen"] = now
        self.redis.set(key, json.dumps(s), px=math.ceil(min(self.idle, s["created"] + self.absolute - now) * 1000), xx=True)
        return {"user": s["user"], "data": s["data"]}

    def revoke(self, session_id):
        return self.redis.delete(f"{self.prefix}:{session_id}") == 1

    def revoke_all(self, user):
        index = f"{self.prefix}:user:{user}"
        ids = [text(s) for s in self.redis.smembers(index)]
        deleted = self.redis.delete(*[f"{self.prefix}:{s}" for s in ids]) if ids else 0
        self.redis.delete(index)
        return deleted
