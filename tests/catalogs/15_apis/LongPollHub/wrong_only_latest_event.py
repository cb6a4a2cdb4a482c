# fails: test-long-poll-deliver :: several events wake a held request together, oldest first; each client has its own request
"""Wrong: a woken request gets only the latest event, not everything it missed."""
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
        self.held[client] = (after, self.clock())
        return None

    def answer(self, client):
        if client not in self.held:
            raise LookupError(client)
        after, held_at = self.held[client]
        new = self.events[after:]
        if new:
            del self.held[client]
            return new[-1:]
        if self.clock() - held_at >= self.timeout:
            del self.held[client]
            return []
        return None
