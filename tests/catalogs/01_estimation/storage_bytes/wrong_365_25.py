"""Wrong: 365.25-day years (the contract fixes 365)."""
def storage_bytes(writes_per_day, bytes_per_write, years=5, replication=1):
    return writes_per_day * bytes_per_write * 365.25 * years * replication
