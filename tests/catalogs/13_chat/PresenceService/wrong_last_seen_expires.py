# fails: test-presence-clock :: last seen is kept for good: even after every TTL ran out
# fails: test-presence-clock :: offline after timeout on the fake clock, though no real time passed; last seen survives
# fails: test-presence-clock :: the injected clock is the only clock (here it starts at 1000.0)
# Last seen is kept in a key with a TTL of `timeout`: "last seen" vanishes with the session.
import time


class PresenceService:
    def __init__(self, redis, timeout=30.0, clock=time.time, prefix="presence"):
        if not timeout > 0:
            raise ValueError("timeout must be > 0")
        self.redis, self.timeout, self.clock, self.prefix = redis, timeout, clock, prefix

    def _write(self, user, now, until):
        ms = int(self.timeout * 1000)
        self.redis.set(f"{self.prefix}:seen:{user}", repr(now), px=ms)
        self.redis.set(f"{self.prefix}:until:{user}", repr(until))

    def heartbeat(self, user):
        now = self.clock()
        self._write(user, now, now + self.timeout)

    def disconnect(self, user):
        now = self.clock()
        self._write(user, now, now)

    def is_online(self, user):
        until = self.redis.get(f"{self.prefix}:until:{user}")
        return until is not None and self.clock() < float(until)

    def last_seen(self, user):
        seen = self.redis.get(f"{self.prefix}:seen:{user}")
        return None if seen is None else float(seen)

    def online(self, users):
        return [u for u in users if self.is_online(u)]
