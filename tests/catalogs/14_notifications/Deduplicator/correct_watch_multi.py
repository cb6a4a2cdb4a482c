"""Correct: WATCH/MULTI/EXEC instead of Lua, retried when another client wrote the key; the pair
named by its JSON encoding (no two pairs share a name)."""
import json
import math
import time

from redis.exceptions import WatchError


class Deduplicator:
    def __init__(self, redis, window, clock=time.time, prefix="dedup"):
        if window <= 0:
            raise ValueError("window must be > 0")
        self.redis, self.window, self.clock, self.prefix = redis, window, clock, prefix

    def first_seen(self, user, key):
        name = self.prefix + ":" + json.dumps([user, key])
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(name)
                    now = self.clock()
                    seen = pipe.get(name)
                    if seen is not None and now - float(seen) < self.window:
                        pipe.unwatch()
                        return False
                    pipe.multi()
                    pipe.set(name, repr(now), px=max(1, math.ceil(self.window * 1000)))
                    pipe.execute()
                    return True
                except WatchError:
                    continue
