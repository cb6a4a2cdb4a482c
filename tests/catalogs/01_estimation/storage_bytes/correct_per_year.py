"""Correct: bytes per year, then years and copies."""
def storage_bytes(writes_per_day, bytes_per_write, years=5, replication=1):
    per_year = writes_per_day * bytes_per_write * 365
    return per_year * years * replication
