# fails: test-sessions-revocation :: get racing revoke_all
# fails: test-sessions-revocation :: get's first round trips, then the whole revoke, then the rest of get
# fails: test-sessions-revocation :: other interleavings of get and revoke
"""Wrong: get() reads, decides, then writes the refresh in another round trip: a revoke in between is
undone (HSET recreates the deleted key)."""
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
        key, index = f"{self.prefix}:{sid}", f"{self.prefix}:user:{user}"
        pipe = self.redis.pipeline()
        pipe.hset(key, mapping={"user": user, "data": json.dumps(data or {}), "created": repr(now), "last_seen": repr(now)})
        pipe.pexpire(key, math.ceil(self.idle * 1000))
        pipe.sadd(index, sid)
        pipe.pexpire(index, math.ceil(self.absolute * 1000))
        pipe.execute()
        return sid

    def get(self, session_id):
        key = f"{self.prefix}:{session_id}"
        fields = {text(k): text(v) for k, v in self.redis.hgetall(key).items()}
        if "user" not in fields:
            return None
        now = float(self.clock())
        created, seen = float(fields["created"]), float(fields["last_seen"])
        if now - seen >= self.idle or now - created >= self.absolute:
            self.redis.delete(key)
            return None
        pipe = self.redis.pipeline()
        pipe.hset(key, "last_seen", repr(now))
        pipe.pexpire(key, math.ceil(min(self.idle, created + self.absolute - now) * 1000))
        pipe.execute()
        return {"user": fields["user"], "data": json.loads(fields["data"])}

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
