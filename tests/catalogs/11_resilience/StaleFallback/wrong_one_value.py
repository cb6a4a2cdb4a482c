# fails: test-fallback-stale :: values are remembered per key
"""Wrong: remembers only the last good value, whatever its key."""
import time


class StaleFallback:
    def __init__(self, primary, max_stale, fallback=None, clock=time.monotonic):
        if max_stale < 0:
            raise ValueError("max_stale")
        self.primary, self.max_stale, self.fallback, self.clock = primary, max_stale, fallback, clock
        self.last = None

    def get(self, key):
        try:
            value = self.primary(key)
        except Exception:
            if self.last is not None and self.clock() - self.last[1] <= self.max_stale:
                return self.last[0], "stale"
            if self.fallback is not None:
                return self.fallback(key), "fallback"
            raise
        self.last = (value, self.clock())
        return value, "fresh"
