# fails: test-long-poll-deliver :: a new poll by the same client replaces its held request
"""Wrong: a client's timeout runs from its first held request, not from the latest poll."""
import time


class LongPollHub:
    def __init__(self, timeout, clock=time.monotonic):
        if not timeout > 0:
            raise ValueError("timeout")
        self.timeout, self.clock = timeout, clock
        self.events, self.held = [], {}

    def publish(self, data):
        self.events.append((len(self.events) + 1, data))
        return len(self.events)

    def poll(self, client, after):
        if type(after) is not int or not 0 <= after <= len(self.events):
            raise ValueError("after")
        new = self.events[after:]
        if new:
            return new
        self.held[client] = (after, self.held[client][1] if client in self.held else self.clock())
        return None

    def answer(self, client):
        if client not in self.held:
            raise LookupError(client)
        after, held_at = self.held[client]
        new = self.events[after:]
        if new:
            del self.held[client]
            return new
        if self.clock() - held_at >= self.timeout:
            del self.held[client]
            return []
        return None
