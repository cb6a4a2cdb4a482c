# fails: test-problem-meter-storage :: within the band: ±25 % of the reference
# fails: test-storage-bytes :: replication multiplies: storage_bytes(1_000, 100, replication=3) == 547,500,000
# fails: test-storage-bytes :: years and replication by position: the Twitter example, 27.5 PB
"""Wrong: forgets replication (breaks: * replication)."""
def storage_bytes(writes_per_day, bytes_per_write, years=5, replication=1):
    return writes_per_day * bytes_per_write * 365 * years
