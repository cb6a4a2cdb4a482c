# fails: test-snowflake-threads :: thread A pauses after its clock read, while computing ms - epoch_ms; thread B runs a whole next_id()
# fails: test-snowflake-threads :: thread A pauses while waiting for the next millisecond (sequence overflow); thread B runs a whole next_id()
"""Wrong: the reference without its lock (Twitter's original shape: the wait for the next
millisecond starts from a snapshot of the last millisecond). Breaks: "Ids from one generator
strictly increase, also when many threads call next_id() at once"."""
class SnowflakeGenerator:
    def __init__(self, machine_id, epoch_ms=1288834974657, clock_ms=unix_ms):
        if not isinstance(machine_id, int) or not 0 <= machine_id <= 1023:
            raise ValueError(machine_id)
        self.machine_id, self.epoch_ms, self.clock_ms = machine_id, epoch_ms, clock_ms
        self.last_ms, self.sequence = -1, 0

    def _til_next_ms(self, last_ms):
        ms = self.clock_ms()
        while ms <= last_ms:
            ms = self.clock_ms()
        return ms

    def next_id(self):
        ms = self.clock_ms()
        while ms < self.last_ms:
            ms = self.clock_ms()
        if ms == self.last_ms:
            self.sequence = (self.sequence + 1) & 4095
            if self.sequence == 0:
                ms = self._til_next_ms(self.last_ms)
        else:
            self.sequence = 0
        self.last_ms = ms
        return ((ms - self.epoch_ms) << 22) | (self.machine_id << 12) | self.sequence
