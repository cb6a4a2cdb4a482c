# fails: test-fallback-errors :: a failed call remembers nothing
# fails: test-fallback-errors :: the time stored is read from the injected clock
# fails: test-fallback-fresh :: None, 0 and '' are values: fresh, then stale
# fails: test-fallback-stale :: a newer fresh value replaces the older one, with its own time
# fails: test-fallback-stale :: serving a stale value does not make it younger
# fails: test-fallback-stale :: the primary fails: the last good value, at most max_stale old, comes back as 'stale' (the example above)
# fails: test-fallback-stale :: values are remembered per key
# fails: test-fallback-stale :: the time remembered is when the primary answered, not when it was called
"""Wrong: prefers the fallback to a stale value (the stale value is only used without a fallback)."""
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
            if self.fallback is not None:
                return self.fallback(key), "fallback"
            if key in self.last and self.clock() - self.last[key][1] <= self.max_stale:
                return self.last[key][0], "stale"
            raise
        self.last[key] = (value, self.clock())
        return value, "fresh"
