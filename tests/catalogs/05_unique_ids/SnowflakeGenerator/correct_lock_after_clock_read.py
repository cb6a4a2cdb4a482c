"""Correct, built another way: reads the clock OUTSIDE the lock, then commits under the lock,
retrying (re-reading the clock) when the reading is behind or the millisecond is full; an RLock;
the default clock through time.time_ns()."""
import threading
import time


class SnowflakeGenerator:
    def __init__(self, machine_id, epoch_ms=1288834974657, clock_ms=None):
        if type(machine_id) is not int or machine_id < 0 or machine_id > 1023:
            raise ValueError("machine_id must be in [0, 1023]")
        self._machine = machine_id
        self._epoch = epoch_ms
        self._clock = clock_ms if clock_ms is not None else (lambda: time.time_ns() // 1_000_000)
        self._guard = threading.RLock()
        self._ms = None
        self._seq = -1

    def next_id(self):
        while True:
            now = self._clock()
            with self._guard:
                if self._ms is not None and now < self._ms:
                    continue                       # behind the last id: read again
                if now == self._ms:
                    if self._seq == 4095:
                        continue                   # this millisecond is full: read again
                    self._seq += 1
                else:
                    self._ms, self._seq = now, 0
                return (now - self._epoch) * 4194304 + self._machine * 4096 + self._seq
