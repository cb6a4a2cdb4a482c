# fails: test-shedder-age :: every expired request goes, in the order offered, important ones too
"""Wrong: drops expired requests in priority order (most important first), not in the order offered."""
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
        for entry in sorted(self._queue, key=lambda e: (-e[0], e[1])):
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
        if not self._queue:
            return None
        best = max(self._queue, key=lambda e: (e[0], -e[1]))
        self._queue.remove(best)
        return best[3]
