# fails: test-parse-snowflake :: 200 random ids come apart into what built them
# fails: test-parse-snowflake :: Discord's documented example id, with Discord's epoch
# fails: test-parse-snowflake :: extremes: machine 1023 with sequence 4095; machine 0 with sequence 0; time 0 after the epoch
"""Wrong: keeps only 5 machine bits (Discord's worker field) instead of 10. Breaks: machine_id is
bits 12..21."""
SnowflakeParts = namedtuple("SnowflakeParts", ["timestamp_ms", "machine_id", "sequence"])


def parse_snowflake(snowflake_id, epoch_ms=1288834974657):
    return SnowflakeParts((snowflake_id >> 22) + epoch_ms, (snowflake_id >> 12) & 31, snowflake_id & 4095)
