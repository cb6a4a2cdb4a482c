# fails: test-dedup-atomic :: two and three servers racing to replace a sighting a window old
# fails: test-dedup-atomic :: two servers, a new pair, other orders
# fails: test-dedup-atomic :: two servers, a new pair, round trips interleaved: exactly one True
# fails: test-dedup-keys :: different prefixes never mix, and every key starts with prefix + ':'
# fails: test-dedup-keys :: instances on two clients of one server share the sightings
# fails: test-dedup-ttl :: after one call, every key has a TTL
# fails: test-dedup-ttl :: after sightings and duplicates of several pairs, every key has a TTL
"""Wrong: the sightings kept in the instance's own dict: another server never sees them."""
import time


class Deduplicator:
    def __init__(self, redis, window, clock=time.time, prefix="dedup"):
        if not window > 0:
            raise ValueError("window")
        self.window, self.clock, self.seen = window, clock, {}

    def first_seen(self, user, key):
        now = self.clock()
        t0 = self.seen.get((user, key))
        if t0 is not None and now - t0 < self.window:
            return False
        self.seen[(user, key)] = now
        return True
