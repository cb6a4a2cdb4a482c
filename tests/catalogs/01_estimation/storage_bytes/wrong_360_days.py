# fails: test-storage-bytes :: defaults are 5 years and 1 copy: storage_bytes(1_000, 100) == 182,500,000
# fails: test-storage-bytes :: fractions and zero: storage_bytes(2.5, 0.4, years=2) == 730, no writes give 0
# fails: test-storage-bytes :: replication multiplies: storage_bytes(1_000, 100, replication=3) == 547,500,000
# fails: test-storage-bytes :: storage_bytes(1, 1, years=1) == 365
# fails: test-storage-bytes :: years and replication by position: the Twitter example, 27.5 PB
# fails: test-storage-bytes :: years by name: storage_bytes(10, 7, years=10) == 255,500
"""Wrong: 12 months of 30 days (the contract fixes 365)."""
def storage_bytes(writes_per_day, bytes_per_write, years=5, replication=1):
    return writes_per_day * bytes_per_write * 12 * 30 * years * replication
