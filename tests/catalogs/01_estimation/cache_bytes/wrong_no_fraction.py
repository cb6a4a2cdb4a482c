"""Wrong: caches every read of the day."""
def cache_bytes(reads_per_day, bytes_per_item, hot_fraction=0.2):
    return reads_per_day * bytes_per_item
