"""Wrong: uses reads per second instead of reads per day."""
def cache_bytes(reads_per_day, bytes_per_item, hot_fraction=0.2):
    return average_qps(reads_per_day) * hot_fraction * bytes_per_item
