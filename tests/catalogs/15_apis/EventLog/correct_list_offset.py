"""Correct: a list trimmed from the front and the id of its first element; data split with
str.replace normalisation."""


def encode_sse(event_id, event, data):
    for bad in ("\r", "\n", "\0"):
        if bad in event_id:
            raise ValueError("event id")
    if event is not None and ("\r" in event or "\n" in event):
        raise ValueError("event type")
    out = "id: " + event_id + "\n"
    if event is not None:
        out += "event: " + event + "\n"
    for line in data.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        out += "data: " + line + "\n"
    return out + "\n"


class EventLog:
    def __init__(self, capacity):
        if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity <= 0:
            raise ValueError("capacity")
        self.capacity = capacity
        self.items = []
        self.first_id = 1          # id of items[0]
        self.next_id = 1

    def append(self, event, data):
        self.items.append((event, data))
        event_id = self.next_id
        self.next_id += 1
        if len(self.items) > self.capacity:
            drop = len(self.items) - self.capacity
            del self.items[:drop]
            self.first_id += drop
        return str(event_id)

    def since(self, last_event_id):
        if last_event_id in (None, ""):
            return []
        ok = type(last_event_id) is str and last_event_id.isascii() and last_event_id.isdigit()
        if not ok or (len(last_event_id) > 1 and last_event_id[0] == "0"):
            raise ValueError(last_event_id)
        n = int(last_event_id)
        if n >= self.next_id:
            raise ValueError(last_event_id)
        start = n + 1                      # the first id the client needs
        if start < self.first_id:
            raise LookupError(last_event_id)
        return [(str(start + i), e, d) for i, (e, d) in enumerate(self.items[start - self.first_id:])]
