# fails: test-fallback-fresh :: None, 0 and '' are values: fresh, then stale
"""Wrong: "is a value remembered?" tested with the value's truth, so None, 0 and '' are forgotten."""
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
            value, stored_at = self.last.get(key, (None, None))
            if value and self.clock() - stored_at <= self.max_stale:
                return value, "stale"
            if self.fallback is not None:
                return self.fallback(key), "fallback"
            raise
        self.last[key] = (value, self.clock())
        return value, "fresh"
