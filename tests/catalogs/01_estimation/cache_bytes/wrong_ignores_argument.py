# fails: test-cache-bytes :: cache_bytes(1_000, 100, hot_fraction=0.5) == 50,000
# fails: test-cache-bytes :: hot fraction by position, 1.0 and 0.0
"""Wrong: always 20 %, whatever hot_fraction says."""
def cache_bytes(reads_per_day, bytes_per_item, hot_fraction=0.2):
    return reads_per_day * 0.2 * bytes_per_item
