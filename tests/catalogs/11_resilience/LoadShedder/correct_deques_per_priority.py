"""Correct: one deque per priority (oldest on the left), a sequence number per offer; expiry
merges the deques by sequence number."""
import itertools
import time
from collections import deque


class LoadShedder:
    def __init__(self, capacity, max_wait, clock=time.monotonic):
        if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
            raise ValueError("capacity must be an int >= 1")
        if not max_wait > 0:
            raise ValueError("max_wait must be > 0")
        self.capacity, self.max_wait, self.clock = capacity, max_wait, clock
        self.queues = {}                     # priority -> deque of (seq, stamp, request)
        self.count = 0
        self.seq = itertools.count()
        self.dropped = []

    def __len__(self):
        return self.count

    def _expire(self):
        now = self.clock()
        old = []
        for priority, q in self.queues.items():
            keep = deque()
            for item in q:
                (old if now - item[1] > self.max_wait else keep).append(item)
            self.queues[priority] = keep
        for seq, stamp, request in sorted(old, key=lambda item: item[0]):
            self.dropped.append((request, "expired"))
        self.count -= len(old)
        self.queues = {p: q for p, q in self.queues.items() if q}

    def offer(self, request, priority=0):
        self._expire()
        item = (next(self.seq), self.clock(), request)
        if self.count >= self.capacity:
            lowest = min(self.queues)
            if lowest >= priority:
                self.dropped.append((request, "full"))
                return False
            victim = self.queues[lowest].pop()          # the newest of the least important
            if not self.queues[lowest]:
                del self.queues[lowest]
            self.dropped.append((victim[2], "full"))
            self.count -= 1
        self.queues.setdefault(priority, deque()).append(item)
        self.count += 1
        return True

    def next(self):
        self._expire()
        if not self.queues:
            return None
        top = max(self.queues)
        item = self.queues[top].popleft()
        if not self.queues[top]:
            del self.queues[top]
        self.count -= 1
        return item[2]
