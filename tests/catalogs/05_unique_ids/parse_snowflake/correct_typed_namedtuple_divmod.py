"""Correct, built another way: a typing.NamedTuple and divmod instead of shifts and masks."""
from typing import NamedTuple


class Parts(NamedTuple):
    timestamp_ms: int
    machine_id: int
    sequence: int


def parse_snowflake(snowflake_id, epoch_ms=1288834974657):
    rest, sequence = divmod(snowflake_id, 4096)
    elapsed, machine_id = divmod(rest, 1024)
    return Parts(elapsed + epoch_ms, machine_id, sequence)
