# fails: test-sse-encode :: data is split at CRLF, CR and LF, and only there; empty data is one empty data line
# fails: test-sse-encode :: what a browser parses back is what was encoded (200 random events)
"""Wrong: splits data with str.splitlines(): form feeds and \\u2028 become line breaks, and an
empty data (or a trailing newline) loses its last data line."""
import re
from collections import deque


def encode_sse(event_id, event, data):
    if any(c in event_id for c in "\r\n\0") or (event is not None and any(c in event for c in "\r\n")):
        raise ValueError("line break")
    lines = [f"id: {event_id}"] + ([f"event: {event}"] if event is not None else [])
    lines += [f"data: {line}" for line in data.splitlines()]
    return "".join(line + "\n" for line in lines) + "\n"


class EventLog:
    def __init__(self, capacity):
        if type(capacity) is not int or capacity < 1:
            raise ValueError("capacity")
        self.events = deque(maxlen=capacity)
        self.last = 0

    def append(self, event, data):
        self.last += 1
        self.events.append((str(self.last), event, data))
        return str(self.last)

    def since(self, last_event_id):
        if last_event_id is None or last_event_id == "":
            return []
        if not (last_event_id.isascii() and last_event_id.isdigit() and str(int(last_event_id)) == last_event_id
                and int(last_event_id) <= self.last):
            raise ValueError(last_event_id)
        n = int(last_event_id)
        if n < self.last and int(self.events[0][0]) > n + 1:
            raise LookupError(last_event_id)
        return [e for e in self.events if int(e[0]) > n]
