# fails: test-presence-clock :: last seen is kept for good: even after every TTL ran out
# fails: test-presence-clock :: offline after timeout on the fake clock, though no real time passed; last seen survives
# fails: test-presence-clock :: the injected clock is the only clock (here it starts at 1000.0)
# fails: test-presence-last-seen :: a disconnect does not touch other users
# fails: test-presence-last-seen :: a heartbeat after a disconnect brings the user back
# fails: test-presence-last-seen :: disconnect of a user never seen: offline, last seen then
# fails: test-presence-last-seen :: last_seen is exact and a float, and follows the latest heartbeat
# fails: test-presence-last-seen :: last_seen: None for a stranger, the heartbeat's time, then the disconnect's
# fails: test-presence-online :: each heartbeat restarts the window
# fails: test-presence-online :: online right after a heartbeat and until timeout - 0.5 s; offline at timeout
# fails: test-presence-online :: the timeout is the instance's: 10 s and 120 s
# fails: test-presence-online :: users are apart
# fails: test-presence-shared :: online(): order given, timeouts, empty list, both decode settings
# fails: test-presence-shared :: two instances on two clients of one server share the state
# Reads the time from Redis (TIME) instead of the injected clock.
import time


class PresenceService:
    def __init__(self, redis, timeout=30.0, clock=time.time, prefix="presence"):
        if not timeout > 0:
            raise ValueError("timeout must be > 0")
        self.redis, self.timeout, self.clock = redis, timeout, clock
        self.seen_key, self.until_key = f"{prefix}:seen", f"{prefix}:until"

    def _now(self):
        seconds, micros = self.redis.time()
        return seconds + micros / 1e6

    def heartbeat(self, user):
        now = self._now()
        self.redis.hset(self.seen_key, user, now)
        self.redis.hset(self.until_key, user, now + self.timeout)

    def disconnect(self, user):
        now = self._now()
        self.redis.hset(self.seen_key, user, now)
        self.redis.hset(self.until_key, user, now)

    def is_online(self, user):
        until = self.redis.hget(self.until_key, user)
        return until is not None and self._now() < float(until)

    def last_seen(self, user):
        seen = self.redis.hget(self.seen_key, user)
        return None if seen is None else float(seen)

    def online(self, users):
        return [u for u in users if self.is_online(u)]
