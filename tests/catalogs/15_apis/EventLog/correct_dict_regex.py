"""Correct: a dict id -> (event, data) with explicit eviction; ids validated with a regex."""
import re

_ID = re.compile(r"0|[1-9][0-9]*")
_BREAK = re.compile(r"\r\n|[\r\n]")


def encode_sse(event_id, event, data):
    if re.search(r"[\r\n\x00]", event_id) or (event is not None and re.search(r"[\r\n]", event)):
        raise ValueError("line break in a field")
    head = [("id", event_id)] + ([("event", event)] if event is not None else [])
    fields = head + [("data", line) for line in _BREAK.split(data)]
    return "".join(f"{name}: {value}\n" for name, value in fields) + "\n"


class EventLog:
    def __init__(self, capacity):
        if type(capacity) is not int or capacity < 1:
            raise ValueError(f"capacity {capacity!r}")
        self._cap = capacity
        self._events = {}
        self._last = 0

    def append(self, event, data):
        self._last += 1
        self._events[self._last] = (event, data)
        self._events.pop(self._last - self._cap, None)
        return str(self._last)

    def since(self, last_event_id):
        if not last_event_id:
            return []
        if not isinstance(last_event_id, str) or not _ID.fullmatch(last_event_id):
            raise ValueError(f"not an event id: {last_event_id!r}")
        n = int(last_event_id)
        if n > self._last:
            raise ValueError(f"event {n} was never issued")
        wanted = range(n + 1, self._last + 1)
        if any(i not in self._events for i in wanted):
            raise LookupError(f"events after {n} were dropped")
        return [(str(i), *self._events[i]) for i in wanted]
