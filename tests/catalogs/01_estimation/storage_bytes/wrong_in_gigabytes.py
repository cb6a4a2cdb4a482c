"""Wrong: returns GB, not bytes."""
def storage_bytes(writes_per_day, bytes_per_write, years=5, replication=1):
    return writes_per_day * bytes_per_write * 365 * years * replication / 1e9
