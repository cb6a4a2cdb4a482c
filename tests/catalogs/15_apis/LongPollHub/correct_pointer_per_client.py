"""Correct: a list of events; each held request keeps the index it waits after and when it
started; poll and answer share one helper."""
import time


class LongPollHub:
    def __init__(self, timeout, clock=time.monotonic):
        if not (timeout > 0):
            raise ValueError("timeout must be positive")
        self.timeout = timeout
        self.clock = clock
        self.data = []
        self.held = {}

    def publish(self, data):
        self.data.append(data)
        return len(self.data)

    def _after(self, after):
        return [(i + 1, d) for i, d in enumerate(self.data) if i + 1 > after]

    def poll(self, client, after):
        if type(after) is not int or after < 0 or after > len(self.data):
            raise ValueError("after")
        events = self._after(after)
        if events:
            return events
        self.held[client] = (after, self.clock())
        return None

    def answer(self, client):
        try:
            after, since = self.held[client]
        except KeyError:
            raise LookupError(f"no request held for {client!r}") from None
        events = self._after(after)
        if events:
            self.held.pop(client)
            return events
        if self.clock() - since >= self.timeout:
            self.held.pop(client)
            return []
        return None
