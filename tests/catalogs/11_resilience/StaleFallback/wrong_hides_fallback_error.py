# fails: test-fallback-errors :: when the fallback raises, its error propagates
"""Wrong: when the fallback fails too, raises the primary's error instead of the fallback's."""
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
        except Exception as error:
            if key in self.last and self.clock() - self.last[key][1] <= self.max_stale:
                return self.last[key][0], "stale"
            if self.fallback is not None:
                try:
                    return self.fallback(key), "fallback"
                except Exception:
                    raise error from None
            raise
        self.last[key] = (value, self.clock())
        return value, "fresh"
