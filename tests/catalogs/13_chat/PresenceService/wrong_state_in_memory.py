# fails: test-presence-clock :: last seen is kept for good: even after every TTL ran out
# fails: test-presence-shared :: keys start with the prefix, and two prefixes never mix
# fails: test-presence-shared :: many gateways, many users: one shared answer
# fails: test-presence-shared :: two instances on two clients of one server share the state
# Keeps presence in the instance: every gateway has its own idea of who is online.
import time


class PresenceService:
    def __init__(self, redis, timeout=30.0, clock=time.time, prefix="presence"):
        if not timeout > 0:
            raise ValueError("timeout must be > 0")
        self.timeout, self.clock = timeout, clock
        self.until, self.seen = {}, {}

    def heartbeat(self, user):
        now = self.clock()
        self.seen[user], self.until[user] = now, now + self.timeout

    def disconnect(self, user):
        now = self.clock()
        self.seen[user], self.until[user] = now, now

    def is_online(self, user):
        return user in self.until and self.clock() < self.until[user]

    def last_seen(self, user):
        return self.seen.get(user)

    def online(self, users):
        return [u for u in users if self.is_online(u)]
