import time


class PresenceService:
    """One key per user for "online until", with a TTL of `timeout` so Redis cleans up
    (the clock still decides), and one key per user for last seen, without a TTL; MGET for online()."""

    def __init__(self, redis, timeout=30.0, clock=time.time, prefix="presence"):
        if not (isinstance(timeout, (int, float)) and timeout > 0):
            raise ValueError(f"bad timeout {timeout!r}")
        self.redis, self.timeout, self.clock, self.prefix = redis, timeout, clock, prefix

    def _until(self, user):
        return f"{self.prefix}:until:{user}"

    def _seen(self, user):
        return f"{self.prefix}:seen:{user}"

    def heartbeat(self, user):
        now = self.clock()
        ms = max(1, int(self.timeout * 1000))
        self.redis.set(self._until(user), repr(now + self.timeout), px=ms)
        self.redis.set(self._seen(user), repr(now))

    def disconnect(self, user):
        now = self.clock()
        self.redis.delete(self._until(user))
        self.redis.set(self._seen(user), repr(now))

    def is_online(self, user):
        return user in self.online([user])

    def last_seen(self, user):
        value = self.redis.get(self._seen(user))
        return float(value) if value is not None else None

    def online(self, users):
        users = list(users)
        if not users:
            return []
        values = self.redis.mget([self._until(u) for u in users])
        now = self.clock()
        return [u for u, v in zip(users, values) if v is not None and now < float(v)]
