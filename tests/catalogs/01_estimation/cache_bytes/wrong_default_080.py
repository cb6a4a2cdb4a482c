"""Wrong: caches 80 % (the traffic share), not 20 % (breaks: hot_fraction=0.2)."""
def cache_bytes(reads_per_day, bytes_per_item, hot_fraction=0.8):
    return reads_per_day * hot_fraction * bytes_per_item
