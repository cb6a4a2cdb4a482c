# fails: test-long-poll-deliver :: an event published between two polls is returned by the next poll
# fails: test-long-poll-deliver :: news already there is answered at once; otherwise the request is held, then woken (the example)
# fails: test-long-poll-deliver :: poll returns only the events after `after`, and the data as published
"""Wrong: publish hands each event to the requests held at that moment and keeps no log: an
event published while a client is between two polls is lost."""
import time


class LongPollHub:
    def __init__(self, timeout, clock=time.monotonic):
        if not timeout > 0:
            raise ValueError("timeout")
        self.timeout, self.clock = timeout, clock
        self.last, self.held, self.inbox = 0, {}, {}

    def publish(self, data):
        self.last += 1
        for client in self.held:
            self.inbox.setdefault(client, []).append((self.last, data))
        return self.last

    def poll(self, client, after):
        if type(after) is not int or not 0 <= after <= self.last:
            raise ValueError("after")
        self.held[client] = (after, self.clock())
        self.inbox.pop(client, None)
        return None

    def answer(self, client):
        if client not in self.held:
            raise LookupError(client)
        after, held_at = self.held[client]
        new = self.inbox.pop(client, [])
        if new:
            del self.held[client]
            return new
        if self.clock() - held_at >= self.timeout:
            del self.held[client]
            return []
        return None
