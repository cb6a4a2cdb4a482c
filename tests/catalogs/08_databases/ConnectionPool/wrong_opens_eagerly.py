# fails: test-pool-basics :: a connect() that fails: acquire() raises its error and the slot is free again
# fails: test-pool-basics :: nothing is opened until needed; two acquires open two; a released one is reused
# Opens all size connections in the constructor.
import threading
import time


class ConnectionPool:
    def __init__(self, connect, size, timeout=30.0, clock=time.monotonic, sleep=time.sleep):
        if type(size) is not int or size < 1 or timeout < 0:
            raise ValueError("bad settings")
        self.timeout, self.clock, self.sleep = timeout, clock, sleep
        self.idle = [connect() for _ in range(size)][::-1]
        self.out = []
        self.lock = threading.Lock()

    def acquire(self, timeout=None):
        timeout = self.timeout if timeout is None else timeout
        start = self.clock()
        while True:
            with self.lock:
                if self.idle:
                    conn = self.idle.pop()
                    self.out.append(conn)
                    return conn
            remaining = timeout - (self.clock() - start)
            if remaining <= 0:
                raise TimeoutError("exhausted")
            self.sleep(min(0.01, remaining))

    def release(self, conn):
        with self.lock:
            if conn not in self.out:
                raise ValueError("not lent")
            self.out.remove(conn)
            self.idle.append(conn)
