# Counts free slots instead of open connections; waits in steps of 0.02 s measured from the start;
# lent connections found again by == (what comes back may be a copy); a failed open frees its slot.
import threading
import time


class ConnectionPool:
    def __init__(self, connect, size, timeout=30.0, clock=time.monotonic, sleep=time.sleep):
        if type(size) is not int or size < 1 or timeout < 0:
            raise ValueError("size >= 1 and timeout >= 0")
        self.connect = connect
        self.free_slots = size
        self.default_timeout = timeout
        self.clock = clock
        self.sleep = sleep
        self.idle = []
        self.busy = {}
        self.lock = threading.RLock()

    def _try(self):
        with self.lock:
            if self.idle:
                conn = self.idle.pop()
            elif self.free_slots > 0:
                self.free_slots -= 1
                try:
                    conn = self.connect()          # (an RLock held while opening: simple, slower)
                except BaseException:
                    self.free_slots += 1           # the open failed: the slot is free again
                    raise
            else:
                return None
            self.busy[id(conn)] = self.busy.get(id(conn), []) + [conn]
            return [conn]

    def acquire(self, timeout=None):
        limit = self.default_timeout if timeout is None else timeout
        started = self.clock()
        while True:
            got = self._try()
            if got is not None:
                return got[0]
            waited = self.clock() - started
            if waited >= limit:
                raise TimeoutError(f"waited {waited} s")
            self.sleep(min(0.02, limit - waited))

    def release(self, conn):
        with self.lock:
            for key, conns in self.busy.items():
                if any(c == conn for c in conns):
                    conns.remove(conn)
                    if not conns:
                        del self.busy[key]
                    self.idle.append(conn)
                    return
        raise ValueError(f"{conn!r} was not lent out")
