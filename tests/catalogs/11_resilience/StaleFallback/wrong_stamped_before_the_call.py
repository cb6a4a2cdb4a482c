# fails: test-fallback-stale :: the time remembered is when the primary answered, not when it was called
import time


class StaleFallback:
    """Reads the clock before calling the primary: a lookup that takes 5 s stores a time 5 s too
    early, so its value turns too old for the stale window 5 s too soon."""

    def __init__(self, primary, max_stale, fallback=None, clock=time.monotonic):
        if max_stale < 0:
            raise ValueError(f"max_stale must be >= 0, got {max_stale!r}")
        self.primary = primary
        self.max_stale = max_stale
        self.fallback = fallback
        self.clock = clock
        self._last = {}

    def get(self, key):
        asked_at = self.clock()
        try:
            value = self.primary(key)
        except Exception:
            if key in self._last:
                value, stored_at = self._last[key]
                if self.clock() - stored_at <= self.max_stale:
                    return value, "stale"
            if self.fallback is not None:
                return self.fallback(key), "fallback"
            raise
        self._last[key] = (value, asked_at)
        return value, "fresh"
