"""Wrong: caches the cold 1 - hot_fraction."""
def cache_bytes(reads_per_day, bytes_per_item, hot_fraction=0.2):
    return reads_per_day * (1 - hot_fraction) * bytes_per_item
