# fails: test-cache-bytes :: no rounding or integer division: cache_bytes(1_234, 7) == 1727.6
"""Wrong: truncates to whole bytes (breaks: no rounding)."""
def cache_bytes(reads_per_day, bytes_per_item, hot_fraction=0.2):
    return int(reads_per_day * hot_fraction * bytes_per_item)
