# FIFO reuse from a deque, a count of open connections, and a deadline computed once; a failed
# open gives its slot back.
import threading
import time
from collections import deque


class ConnectionPool:
    POLL = 0.05

    def __init__(self, connect, size, timeout=30.0, clock=time.monotonic, sleep=time.sleep):
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise ValueError("size must be a positive int")
        if timeout < 0:
            raise ValueError("timeout must not be negative")
        self._connect, self._size, self._timeout = connect, size, timeout
        self._clock, self._sleep = clock, sleep
        self._idle = deque()
        self._lent = []
        self._open = 0
        self._lock = threading.Lock()

    def _take(self):
        with self._lock:
            if self._idle:
                conn = self._idle.popleft()
                self._lent.append(conn)
                return True, conn
            if self._open >= self._size:
                return False, None
            self._open += 1                      # reserve the slot; open outside the lock
        try:
            conn = self._connect()
        except Exception:
            with self._lock:
                self._open -= 1
            raise
        with self._lock:
            self._lent.append(conn)
        return True, conn

    def acquire(self, timeout=None):
        deadline = self._clock() + (self._timeout if timeout is None else timeout)
        while True:
            ok, conn = self._take()
            if ok:
                return conn
            now = self._clock()
            if now >= deadline:
                raise TimeoutError("pool exhausted")
            self._sleep(min(self.POLL, deadline - now))

    def release(self, conn):
        with self._lock:
            if conn not in self._lent:
                raise ValueError("not lent by this pool")
            self._lent.remove(conn)
            self._idle.append(conn)
