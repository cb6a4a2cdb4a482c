# fails: test-fallback-errors :: a fallback answer is never remembered as a value
"""Wrong: stores the fallback answer as if it were a good value."""
import time


class StaleFallback:
    def __init__(self, primary, max_stale, fallback=None, clock=time.monotonic):
        if max_stale < 0:
            raise ValueError("max_stale")
        self.primary, self.max_stale, self.fallback, self.clock = primary, max_stale, fallback, clock
        self.last = {}

    def get(self, key):
        try:
            value = self.primary(key)
        except Exception:
            if key in self.last and self.clock() - self.last[key][1] <= self.max_stale:
                return self.last[key][0], "stale"
            if self.fallback is None:
                raise
            value = self.fallback(key)
            self.last[key] = (value, self.clock())
            return value, "fallback"
        self.last[key] = (value, self.clock())
        return value, "fresh"
