# fails: test-long-poll-deliver :: an event published between two polls is returned by the next poll
# fails: test-long-poll-deliver :: news already there is answered at once; otherwise the request is held, then woken (the example)
# fails: test-long-poll-deliver :: poll returns only the events after `after`, and the data as published
"""Wrong: always holds the request, even when events are already waiting: the client waits for
the next answer instead of getting them at once."""
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
        self.held[client] = (after, self.clock())
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
