# fails: test-dedup-atomic :: two and three servers racing to replace a sighting a window old
# fails: test-dedup-keys :: instances on two clients of one server share the sightings
# fails: test-dedup-ttl :: no key expires while it matters: moving Redis's time along changes no answer
# fails: test-dedup-ttl :: the clock decides: a window later it is a new sighting even if no key has expired
# fails: test-dedup-window :: a duplicate does not extend the window: it counts from the recorded sighting
# fails: test-dedup-window :: first sighting True, a duplicate False, True again a window later (decode_responses=False and True)
# fails: test-dedup-window :: fractional windows, and the injected clock is the only clock (here it starts at 1000.0)
# fails: test-dedup-window :: t - t0 >= window is a new sighting; just under the window is a duplicate
"""Wrong: SET NX PX window: atomic and expiring, but Redis's TTL decides when the window is over,
not the injected clock."""
import math
import time


class Deduplicator:
    def __init__(self, redis, window, clock=time.time, prefix="dedup"):
        if not window > 0:
            raise ValueError("window")
        self.redis, self.window, self.clock, self.prefix = redis, window, clock, prefix

    def first_seen(self, user, key):
        name = f"{self.prefix}:{len(user)}:{user}:{key}"
        return bool(self.redis.set(name, repr(self.clock()), nx=True, px=math.ceil(self.window * 1000)))
