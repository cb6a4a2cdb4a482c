"""Correct: days of retention first, then the rest."""
def storage_bytes(writes_per_day, bytes_per_write, years=5, replication=1):
    days = 365 * years
    return writes_per_day * days * bytes_per_write * replication
