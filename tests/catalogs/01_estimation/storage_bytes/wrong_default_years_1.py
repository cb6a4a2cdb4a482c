# fails: test-storage-bytes :: defaults are 5 years and 1 copy: storage_bytes(1_000, 100) == 182,500,000
# fails: test-storage-bytes :: replication multiplies: storage_bytes(1_000, 100, replication=3) == 547,500,000
"""Wrong: default retention 1 year (breaks: years=5)."""
def storage_bytes(writes_per_day, bytes_per_write, years=1, replication=1):
    return writes_per_day * bytes_per_write * 365 * years * replication
