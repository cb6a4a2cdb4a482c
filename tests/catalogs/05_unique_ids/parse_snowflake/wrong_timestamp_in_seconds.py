"""Wrong: returns the timestamp in seconds. Breaks: "timestamp_ms in Unix milliseconds"."""
SnowflakeParts = namedtuple("SnowflakeParts", ["timestamp_ms", "machine_id", "sequence"])


def parse_snowflake(snowflake_id, epoch_ms=1288834974657):
    return SnowflakeParts(((snowflake_id >> 22) + epoch_ms) / 1000, (snowflake_id >> 12) & 1023, snowflake_id & 4095)
