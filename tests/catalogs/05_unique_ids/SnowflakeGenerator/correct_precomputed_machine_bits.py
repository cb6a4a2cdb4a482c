"""Correct, built another way: state kept as one (ms, sequence) tuple, the machine bits
precomputed, overflow and backwards steps handled in one loop, a Condition as the lock."""
import threading
import time


class SnowflakeGenerator:
    def __init__(self, machine_id, epoch_ms=1288834974657, clock_ms=lambda: int(time.time() * 1000)):
        if not isinstance(machine_id, int) or not (0 <= machine_id < 1 << 10):
            raise ValueError(machine_id)
        self.machine_bits = machine_id << 12
        self.epoch_ms = int(epoch_ms)
        self.clock_ms = clock_ms
        self.state = (-1, 0)
        self.cond = threading.Condition()

    def next_id(self):
        with self.cond:
            last_ms, seq = self.state
            while True:
                ms = self.clock_ms()
                if ms > last_ms:
                    seq = 0
                    break
                if ms == last_ms and seq < 4095:
                    seq += 1
                    break
            self.state = (ms, seq)
            return ((ms - self.epoch_ms) << 22) | self.machine_bits | seq
