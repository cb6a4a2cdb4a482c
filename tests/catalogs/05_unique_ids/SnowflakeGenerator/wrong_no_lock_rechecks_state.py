# fails: test-snowflake-threads :: thread A pauses after its clock read, while computing ms - epoch_ms; thread B runs a whole next_id()
"""Wrong: no lock, written so that every wait re-reads the shared state (the reference's shape
without the lock). Still racy: a thread that pauses between reading the state and building
its id lets another thread take the same sequence. Breaks: "Ids ... strictly increase, also
when many threads call next_id() at once"."""
class SnowflakeGenerator:
    def __init__(self, machine_id, epoch_ms=1288834974657, clock_ms=unix_ms):
        if not isinstance(machine_id, int) or not 0 <= machine_id <= 1023:
            raise ValueError(machine_id)
        self.machine_id, self.epoch_ms, self.clock_ms = machine_id, epoch_ms, clock_ms
        self._last_ms, self._sequence = -1, 0

    def next_id(self):
        ms = self.clock_ms()
        while ms < self._last_ms:
            ms = self.clock_ms()
        if ms == self._last_ms:
            self._sequence = (self._sequence + 1) & 4095
            if self._sequence == 0:
                while ms <= self._last_ms:
                    ms = self.clock_ms()
        else:
            self._sequence = 0
        self._last_ms = ms
        return ((ms - self.epoch_ms) << 22) | (self.machine_id << 12) | self._sequence
