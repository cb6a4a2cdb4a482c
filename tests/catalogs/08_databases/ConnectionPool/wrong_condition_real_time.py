# fails: test-pool-basics :: a connect() that fails: acquire() raises its error and the slot is free again
# fails: test-pool-timeout :: acquire(timeout=0.3) on an exhausted pool: TimeoutError after 0.3 s, sleeps of at most 0.05 s
# fails: test-pool-timeout :: timeout=None means the pool's timeout; odd timeouts end exactly on time
# fails: test-pool-wait :: a connection released during the 3rd sleep is handed to the waiting caller
# fails: test-pool-wait :: the waiter stops waiting as soon as a connection is back, later ones still time out
# A textbook pool on threading.Condition: correct with real threads, but it waits on the real
# clock (Condition.wait, capped here at 0.05 s to keep the catalog fast) instead of the injected
# clock and sleep.
import threading
import time


class ConnectionPool:
    def __init__(self, connect, size, timeout=30.0, clock=time.monotonic, sleep=time.sleep):
        if type(size) is not int or size < 1 or timeout < 0:
            raise ValueError("bad settings")
        self.connect, self.size, self.timeout = connect, size, timeout
        self.idle, self.out, self.opened = [], [], 0
        self.cond = threading.Condition()

    def acquire(self, timeout=None):
        timeout = self.timeout if timeout is None else timeout
        with self.cond:
            ok = self.cond.wait_for(lambda: self.idle or self.opened < self.size, timeout=min(timeout, 0.05))
            if not ok:
                raise TimeoutError("pool exhausted")
            if self.idle:
                conn = self.idle.pop()
            else:
                self.opened += 1
                conn = self.connect()
            self.out.append(conn)
            return conn

    def release(self, conn):
        with self.cond:
            if conn not in self.out:
                raise ValueError("not lent")
            self.out.remove(conn)
            self.idle.append(conn)
            self.cond.notify()
