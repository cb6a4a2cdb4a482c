# fails: test-presence-clock :: offline after timeout on the fake clock, though no real time passed; last seen survives
# fails: test-presence-online :: users are apart
# fails: test-presence-shared :: online(): order given, timeouts, empty list, both decode settings
# The TTL decides: the "online" key expires on Redis's clock, which the fake clock does not move.
import time


class PresenceService:
    def __init__(self, redis, timeout=30.0, clock=time.time, prefix="presence"):
        if not timeout > 0:
            raise ValueError("timeout must be > 0")
        self.redis, self.timeout, self.clock, self.prefix = redis, timeout, clock, prefix

    def heartbeat(self, user):
        self.redis.set(f"{self.prefix}:online:{user}", 1, px=int(self.timeout * 1000))
        self.redis.hset(f"{self.prefix}:seen", user, self.clock())

    def disconnect(self, user):
        self.redis.delete(f"{self.prefix}:online:{user}")
        self.redis.hset(f"{self.prefix}:seen", user, self.clock())

    def is_online(self, user):
        return self.redis.exists(f"{self.prefix}:online:{user}") == 1

    def last_seen(self, user):
        seen = self.redis.hget(f"{self.prefix}:seen", user)
        return None if seen is None else float(seen)

    def online(self, users):
        return [u for u in users if self.is_online(u)]
