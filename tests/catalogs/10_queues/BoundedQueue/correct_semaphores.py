"""Correct: the textbook producer/consumer with two counting semaphores (free slots, items)
and a lock around the deque; drop-oldest takes an item's semaphore to evict the oldest."""
import threading
from collections import deque


class BoundedQueue:
    def __init__(self, capacity, policy="block"):
        if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
            raise ValueError("capacity must be an int >= 1")
        if policy not in {"block", "reject", "drop_oldest"}:
            raise ValueError(f"unknown policy {policy!r}")
        self.policy = policy
        self.slots = threading.Semaphore(capacity)
        self.filled = threading.Semaphore(0)
        self.lock = threading.Lock()
        self.items = deque()
        self.accepted = self.rejected = self.dropped = 0

    def put(self, item, timeout=None):
        if self.policy == "block":
            got = self.slots.acquire(timeout=timeout) if timeout is not None else self.slots.acquire()
            if not got:
                with self.lock:
                    self.rejected += 1
                raise TimeoutError("queue full")
        elif not self.slots.acquire(blocking=False):
            if self.policy == "reject":
                with self.lock:
                    self.rejected += 1
                return False
            # drop_oldest: the queue is full; take the oldest item's place
            if self.filled.acquire(blocking=False):
                with self.lock:
                    self.items.popleft()
                    self.dropped += 1
            else:                                   # a get() is taking the last item right now: wait for its slot
                self.slots.acquire()
        with self.lock:
            self.items.append(item)
            self.accepted += 1
        self.filled.release()
        return True

    def get(self, timeout=None):
        got = self.filled.acquire(timeout=timeout) if timeout is not None else self.filled.acquire()
        if not got:
            raise TimeoutError("queue empty")
        with self.lock:
            item = self.items.popleft()
        self.slots.release()
        return item

    def __len__(self):
        with self.lock:
            return len(self.items)

    def stats(self):
        with self.lock:
            return {"accepted": self.accepted, "rejected": self.rejected, "dropped": self.dropped}
