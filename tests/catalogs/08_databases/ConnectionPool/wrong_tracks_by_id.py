# fails: test-pool-basics :: connections lent at the same time are distinct
# fails: test-pool-basics :: never more than size connections open
# fails: test-pool-basics :: nothing is opened until needed; two acquires open two; a released one is reused
# fails: test-pool-timeout :: a free connection is handed out at once, without sleeping
# fails: test-pool-wait :: a connection released during the 3rd sleep is handed to the waiting caller
# fails: test-pool-wait :: releasing a connection that is not out raises ValueError
# fails: test-pool-wait :: the waiter stops waiting as soon as a connection is back, later ones still time out
# Tracks lent connections by id(): right in a kernel, where release() gets the very object
# acquire() returned, wrong under grading, where a connection that comes back is an equal copy
# (the contract: compare connections with ==).
import threading
import time


class ConnectionPool:
    def __init__(self, connect, size, timeout=30.0, clock=time.monotonic, sleep=time.sleep):
        if type(size) is not int or size < 1 or not timeout >= 0:
            raise ValueError("size >= 1 and timeout >= 0")
        self.connect, self.size, self.timeout = connect, size, timeout
        self.clock, self.sleep = clock, sleep
        self.idle = []
        self.out = {}
        self.opened = 0
        self.lock = threading.Lock()

    def acquire(self, timeout=None):
        timeout = self.timeout if timeout is None else timeout
        start = self.clock()
        while True:
            with self.lock:
                if self.idle:
                    conn = self.idle.pop()
                    self.out[id(conn)] = conn
                    return conn
                reserved = self.opened < self.size
                if reserved:
                    self.opened += 1
            if reserved:
                try:
                    conn = self.connect()
                except BaseException:
                    with self.lock:
                        self.opened -= 1
                    raise
                with self.lock:
                    self.out[id(conn)] = conn
                return conn
            remaining = timeout - (self.clock() - start)
            if remaining <= 0:
                raise TimeoutError("no connection free")
            self.sleep(min(0.01, remaining))

    def release(self, conn):
        with self.lock:
            if self.out.pop(id(conn), None) is None:
                raise ValueError(f"{conn!r} was not lent out")
            self.idle.append(conn)
