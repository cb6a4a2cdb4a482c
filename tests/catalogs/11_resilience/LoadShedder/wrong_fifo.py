# fails: test-shedder-full :: among several of the lowest priority, the newest queued one goes
# fails: test-shedder-full :: full: a new request of the lowest priority is refused; a more important one displaces the newest of the lowest (the example above)
# fails: test-shedder-full :: the lowest of mixed priorities goes first, whatever its age
# fails: test-shedder-order :: next() returns the most important request first, the oldest among equals, then None
# fails: test-shedder-order :: priorities are any ints, larger first; the default is 0
# fails: test-shedder-order :: requests offered at the same instant are served in the order offered
"""Wrong: a plain FIFO, priority ignored (except when choosing what to drop)."""
import itertools
import time


class LoadShedder:
    def __init__(self, capacity, max_wait, clock=time.monotonic):
        if type(capacity) is not int or capacity < 1 or not max_wait > 0:
            raise ValueError("bad settings")
        self.capacity, self.max_wait, self.clock = capacity, max_wait, clock
        self.dropped = []
        self._queue = []
        self._seq = itertools.count()

    def __len__(self):
        return len(self._queue)

    def _expire(self, now):
        keep = []
        for entry in self._queue:
            if now - entry[2] > self.max_wait:
                self.dropped.append((entry[3], "expired"))
            else:
                keep.append(entry)
        self._queue = keep

    def offer(self, request, priority=0):
        now = self.clock()
        self._expire(now)
        entry = (priority, next(self._seq), now, request)
        if len(self._queue) < self.capacity:
            self._queue.append(entry)
            return True
        victim = min(self._queue, key=lambda e: (e[0], -e[1]))
        if victim[0] < priority:
            self._queue.remove(victim)
            self.dropped.append((victim[3], "full"))
            self._queue.append(entry)
            return True
        self.dropped.append((request, "full"))
        return False

    def next(self):
        self._expire(self.clock())
        return self._queue.pop(0)[3] if self._queue else None
