"""Correct: like the standard library's queue.Queue, one lock shared by two conditions
(not_full for producers, not_empty for consumers), each wait a loop against a monotonic deadline."""
import threading
import time
from collections import deque


class BoundedQueue:
    POLICIES = ("block", "reject", "drop_oldest")

    def __init__(self, capacity, policy="block"):
        if type(capacity) is not int or capacity <= 0:
            raise ValueError(capacity)
        if policy not in self.POLICIES:
            raise ValueError(policy)
        self.capacity, self.policy = capacity, policy
        self.buffer = deque()
        self.mutex = threading.Lock()
        self.not_full = threading.Condition(self.mutex)
        self.not_empty = threading.Condition(self.mutex)
        self.counts = dict.fromkeys(("accepted", "rejected", "dropped"), 0)

    def _wait(self, condition, ready, timeout):
        deadline = None if timeout is None else time.monotonic() + timeout
        while not ready():
            if deadline is None:
                condition.wait()
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            condition.wait(remaining)
        return True

    def put(self, item, timeout=None):
        with self.mutex:
            if len(self.buffer) == self.capacity:
                if self.policy == "reject":
                    self.counts["rejected"] += 1
                    return False
                if self.policy == "drop_oldest":
                    self.buffer.popleft()
                    self.counts["dropped"] += 1
                elif not self._wait(self.not_full, lambda: len(self.buffer) < self.capacity, timeout):
                    self.counts["rejected"] += 1
                    raise TimeoutError("no room in the queue")
            self.buffer.append(item)
            self.counts["accepted"] += 1
            self.not_empty.notify()
            return True

    def get(self, timeout=None):
        with self.mutex:
            if not self._wait(self.not_empty, lambda: bool(self.buffer), timeout):
                raise TimeoutError("nothing in the queue")
            item = self.buffer.popleft()
            self.not_full.notify()
            return item

    def __len__(self):
        with self.mutex:
            return len(self.buffer)

    def stats(self):
        with self.mutex:
            return dict(self.counts)
