"""Correct: one list kept sorted by (-priority, seq) with bisect: next() pops the front, the victim
of a full queue is the back."""
import bisect
import time


class LoadShedder:
    def __init__(self, capacity, max_wait, clock=time.monotonic):
        if type(capacity) is not int or capacity <= 0:
            raise ValueError("capacity")
        if max_wait <= 0:
            raise ValueError("max_wait")
        self.capacity = capacity
        self.max_wait = max_wait
        self.clock = clock
        self.dropped = []
        self._items = []                 # (-priority, seq, stamp, request), sorted
        self._seq = 0

    def __len__(self):
        return len(self._items)

    def _expire(self, now):
        expired = [it for it in self._items if now - it[2] > self.max_wait]
        if expired:
            self._items = [it for it in self._items if now - it[2] <= self.max_wait]
            for it in sorted(expired, key=lambda it: it[1]):
                self.dropped.append((it[3], "expired"))

    def offer(self, request, priority=0):
        now = self.clock()
        self._expire(now)
        self._seq += 1
        item = (-priority, self._seq, now, request)
        if len(self._items) < self.capacity:
            bisect.insort(self._items, item, key=lambda it: (it[0], it[1]))
            return True
        # the back is the least important (largest -priority), newest (largest seq) among those
        worst = self._items[-1]
        if worst[0] > item[0]:
            self._items.pop()
            self.dropped.append((worst[3], "full"))
            bisect.insort(self._items, item, key=lambda it: (it[0], it[1]))
            return True
        self.dropped.append((request, "full"))
        return False

    def next(self):
        self._expire(self.clock())
        if not self._items:
            return None
        return self._items.pop(0)[3]
