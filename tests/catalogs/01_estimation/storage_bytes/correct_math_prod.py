"""Correct: math.prod of the five factors."""
def storage_bytes(writes_per_day, bytes_per_write, years=5, replication=1):
    import math
    return math.prod([writes_per_day, bytes_per_write, 365, years, replication])
