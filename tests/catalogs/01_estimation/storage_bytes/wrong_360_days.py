"""Wrong: 12 months of 30 days (the contract fixes 365)."""
def storage_bytes(writes_per_day, bytes_per_write, years=5, replication=1):
    return writes_per_day * bytes_per_write * 12 * 30 * years * replication
