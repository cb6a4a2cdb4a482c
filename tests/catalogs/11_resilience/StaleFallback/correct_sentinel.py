"""Correct: one dict of (value, time) pairs read with a sentinel default; a helper decides."""
import time

_MISSING = object()


class StaleFallback:
    def __init__(self, primary, max_stale, fallback=None, clock=time.monotonic):
        if not max_stale >= 0:
            raise ValueError(f"max_stale: {max_stale!r}")
        self._primary = primary
        self._max_stale = max_stale
        self._fallback = fallback
        self._clock = clock
        self._good = {}

    def _stale(self, key):
        entry = self._good.get(key, _MISSING)
        if entry is _MISSING:
            return _MISSING
        value, when = entry
        return value if self._clock() - when <= self._max_stale else _MISSING

    def get(self, key):
        try:
            fresh = self._primary(key)
        except Exception:
            old = self._stale(key)
            if old is not _MISSING:
                return (old, "stale")
            if self._fallback is not None:
                return (self._fallback(key), "fallback")
            raise
        self._good[key] = (fresh, self._clock())
        return (fresh, "fresh")
