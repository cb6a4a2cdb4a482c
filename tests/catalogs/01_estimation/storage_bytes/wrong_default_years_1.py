"""Wrong: default retention 1 year (breaks: years=5)."""
def storage_bytes(writes_per_day, bytes_per_write, years=1, replication=1):
    return writes_per_day * bytes_per_write * 365 * years * replication
