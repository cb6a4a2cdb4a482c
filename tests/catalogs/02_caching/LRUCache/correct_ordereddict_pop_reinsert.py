"""Correct: an OrderedDict, refreshing by pop-and-reinsert and a sentinel for misses."""
from collections import OrderedDict

_MISSING = object()


class LRUCache:
    def __init__(self, capacity):
        if type(capacity) is not int or capacity < 1:
            raise ValueError("capacity must be a positive int")
        self.capacity = capacity
        self.entries = OrderedDict()

    def get(self, key, default=None):
        value = self.entries.pop(key, _MISSING)
        if value is _MISSING:
            return default
        self.entries[key] = value
        return value

    def put(self, key, value):
        if key in self.entries:
            del self.entries[key]
        elif len(self.entries) >= self.capacity:
            self.entries.popitem(last=False)
        self.entries[key] = value

    def __len__(self):
        return len(self.entries)

    def __contains__(self, key):
        return key in self.entries
