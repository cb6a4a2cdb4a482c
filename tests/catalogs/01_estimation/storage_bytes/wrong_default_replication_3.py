"""Wrong: default replication 3 (breaks: replication=1)."""
def storage_bytes(writes_per_day, bytes_per_write, years=5, replication=3):
    return writes_per_day * bytes_per_write * 365 * years * replication
