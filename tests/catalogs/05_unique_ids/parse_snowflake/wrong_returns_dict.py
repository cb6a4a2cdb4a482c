"""Wrong: returns a dict, not a named tuple. Breaks: "a named tuple (timestamp_ms, machine_id,
sequence)"."""
def parse_snowflake(snowflake_id, epoch_ms=1288834974657):
    return {"timestamp_ms": (snowflake_id >> 22) + epoch_ms,
            "machine_id": (snowflake_id >> 12) & 1023,
            "sequence": snowflake_id & 4095}
