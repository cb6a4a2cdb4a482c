"""Wrong: the named tuple's fields are in another order (machine_id, sequence, timestamp_ms).
Breaks: "a named tuple (timestamp_ms, machine_id, sequence)"."""
Parts = namedtuple("Parts", ["machine_id", "sequence", "timestamp_ms"])


def parse_snowflake(snowflake_id, epoch_ms=1288834974657):
    return Parts((snowflake_id >> 12) & 1023, snowflake_id & 4095, (snowflake_id >> 22) + epoch_ms)
