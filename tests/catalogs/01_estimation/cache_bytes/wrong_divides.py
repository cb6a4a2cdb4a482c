"""Wrong: divides by the hot fraction."""
def cache_bytes(reads_per_day, bytes_per_item, hot_fraction=0.2):
    return reads_per_day / hot_fraction * bytes_per_item
