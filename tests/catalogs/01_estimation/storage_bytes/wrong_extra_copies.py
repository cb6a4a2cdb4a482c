"""Wrong: counts replication as extra copies on top of the primary."""
def storage_bytes(writes_per_day, bytes_per_write, years=5, replication=1):
    return writes_per_day * bytes_per_write * 365 * years * (1 + replication)
