# fails: test-snowflake-threads :: thread A pauses in its first clock read; thread B runs a whole next_id()
# fails: test-snowflake-threads :: thread A pauses while waiting for the next millisecond (sequence overflow); thread B runs a whole next_id()
"""Wrong: no lock, and the state is read before the clock. Breaks: "Ids ... strictly increase,
also when many threads call next_id() at once"."""
class SnowflakeGenerator:
    def __init__(self, machine_id, epoch_ms=1288834974657, clock_ms=unix_ms):
        if not isinstance(machine_id, int) or not 0 <= machine_id <= 1023:
            raise ValueError(machine_id)
        self.machine_id, self.epoch_ms, self.clock_ms = machine_id, epoch_ms, clock_ms
        self.last_ms, self.sequence = -1, 0

    def next_id(self):
        last_ms, sequence = self.last_ms, self.sequence
        ms = self.clock_ms()
        while ms < last_ms:
            ms = self.clock_ms()
        if ms == last_ms:
            sequence = (sequence + 1) & 4095
            if sequence == 0:
                while ms <= last_ms:
                    ms = self.clock_ms()
        else:
            sequence = 0
        self.last_ms, self.sequence = ms, sequence
        return ((ms - self.epoch_ms) << 22) | (self.machine_id << 12) | sequence
