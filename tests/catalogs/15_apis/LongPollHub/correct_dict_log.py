"""Correct: events in a dict by id, held requests as small records with a deadline computed when
the request is held."""
import time


class LongPollHub:
    def __init__(self, timeout, clock=time.monotonic):
        if timeout <= 0:
            raise ValueError("timeout")
        self._timeout, self._clock = timeout, clock
        self._log, self._last = {}, 0
        self._waiting = {}                       # client -> {"after": ..., "deadline": ...}

    def publish(self, data):
        self._last += 1
        self._log[self._last] = data
        return self._last

    def _since(self, after):
        return [(i, self._log[i]) for i in range(after + 1, self._last + 1)]

    def poll(self, client, after):
        if isinstance(after, bool) or not isinstance(after, int) or after < 0 or after > self._last:
            raise ValueError(f"bad after {after!r}")
        found = self._since(after)
        if found:
            return found
        self._waiting[client] = {"after": after, "deadline": self._clock() + self._timeout}
        return None

    def answer(self, client):
        request = self._waiting.get(client)
        if request is None:
            raise LookupError(client)
        found = self._since(request["after"])
        if not found and self._clock() < request["deadline"]:
            return None
        del self._waiting[client]
        return found
