"""Correct: get() with WATCH / MULTI / EXEC: the refresh is queued only if the key did not change since
WATCH, so a revoke in between makes EXEC fail, and the retry finds the session gone."""
import json
import math
import secrets
import time

from redis.exceptions import WatchError


def text(value):
    return value.decode() if isinstance(value, bytes) else value


class SessionStore:
    def __init__(self, redis, idle_timeout, absolute_timeout, clock=time.time, prefix="session"):
        if idle_timeout <= 0 or absolute_timeout < idle_timeout:
            raise ValueError("need 0 < idle_timeout <= absolute_timeout")
        self.r, self.idle, self.absolute, self.clock, self.prefix = redis, idle_timeout, absolute_timeout, clock, prefix

    def create(self, user, data=None):
        sid = secrets.token_urlsafe(24)
        now = self.clock()
        key, index = f"{self.prefix}:{sid}", f"{self.prefix}:user:{user}"
        with self.r.pipeline() as pipe:
            pipe.hset(key, mapping={"user": user, "data": json.dumps(data or {}), "created": now, "last_seen": now})
            pipe.pexpire(key, math.ceil(self.idle * 1000))
            pipe.sadd(index, sid)
            pipe.pexpire(index, math.ceil(self.absolute * 1000))
            pipe.execute()
        return sid

    def get(self, session_id):
        key = f"{self.prefix}:{session_id}"
        with self.r.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    fields = {text(k): text(v) for k, v in pipe.hgetall(key).items()}
                    if "user" not in fields:
                        pipe.unwatch()
                        return None
                    now = self.clock()
                    created, seen = float(fields["created"]), float(fields["last_seen"])
                    pipe.multi()
                    if now - seen >= self.idle or now - created >= self.absolute:
                        pipe.delete(key)
                        pipe.srem(f"{self.prefix}:user:{fields['user']}", session_id)
                        pipe.execute()
                        return None
                    pipe.hset(key, "last_seen", now)
                    pipe.pexpire(key, math.ceil(min(self.idle, created + self.absolute - now) * 1000))
                    pipe.execute()
                    return {"user": fields["user"], "data": json.loads(fields["data"])}
                except WatchError:
                    continue

    def revoke(self, session_id):
        key = f"{self.prefix}:{session_id}"
        user = self.r.hget(key, "user")
        if user is not None:
            self.r.srem(f"{self.prefix}:user:{text(user)}", session_id)
        return self.r.delete(key) == 1

    def revoke_all(self, user):
        index = f"{self.prefix}:user:{user}"
        keys = [f"{self.prefix}:{text(s)}" for s in self.r.smembers(index)]
        n = self.r.delete(*keys) if keys else 0
        self.r.delete(index)
        return n
