# fails: test-cache-bytes :: a URL shortener's hot day: cache_bytes(1.728e9, 500) is 172.8 GB
# fails: test-cache-bytes :: cache_bytes(1_000, 100) == 20,000 (default: cache the hot 20 %)
# fails: test-cache-bytes :: cache_bytes(1_000, 100, hot_fraction=0.5) == 50,000
# fails: test-cache-bytes :: hot fraction by position, 1.0 and 0.0
# fails: test-cache-bytes :: no rounding or integer division: cache_bytes(1_234, 7) == 1727.6
# fails: test-problem-weather :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-weather :: within the band: ±25 % of the reference
"""Wrong: divides by the hot fraction."""
def cache_bytes(reads_per_day, bytes_per_item, hot_fraction=0.2):
    return reads_per_day / hot_fraction * bytes_per_item
