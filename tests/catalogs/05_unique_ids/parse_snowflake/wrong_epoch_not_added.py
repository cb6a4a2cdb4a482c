# fails: test-parse-snowflake :: 200 random ids come apart into what built them
# fails: test-parse-snowflake :: Discord's documented example id, with Discord's epoch
# fails: test-parse-snowflake :: an id at T, machine 7, sequence 42 comes apart into (T, 7, 42)
# fails: test-parse-snowflake :: extremes: machine 1023 with sequence 4095; machine 0 with sequence 0; time 0 after the epoch
"""Wrong: returns milliseconds since the epoch, not Unix milliseconds. Breaks: "timestamp_ms in
Unix milliseconds"."""
SnowflakeParts = namedtuple("SnowflakeParts", ["timestamp_ms", "machine_id", "sequence"])


def parse_snowflake(snowflake_id, epoch_ms=1288834974657):
    return SnowflakeParts(snowflake_id >> 22, (snowflake_id >> 12) & 1023, snowflake_id & 4095)
