"""Wrong: always 20 %, whatever hot_fraction says."""
def cache_bytes(reads_per_day, bytes_per_item, hot_fraction=0.2):
    return reads_per_day * 0.2 * bytes_per_item
