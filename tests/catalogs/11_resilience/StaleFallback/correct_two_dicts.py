"""Correct: values and times in two dicts; the primary's error kept in a variable and re-raised."""
import time


class StaleFallback:
    def __init__(self, primary, max_stale, fallback=None, clock=time.monotonic):
        if max_stale < 0:
            raise ValueError("max_stale must be >= 0")
        self.primary, self.max_stale, self.fallback, self.clock = primary, max_stale, fallback, clock
        self.values, self.times = {}, {}

    def get(self, key):
        try:
            value = self.primary(key)
        except Exception as error:
            failure = error
        else:
            self.values[key] = value
            self.times[key] = self.clock()
            return value, "fresh"
        if key in self.times and self.clock() - self.times[key] <= self.max_stale:
            return self.values[key], "stale"
        if self.fallback is None:
            raise failure
        return self.fallback(key), "fallback"
