"""Correct: the factors in another order."""
def cache_bytes(reads_per_day, bytes_per_item, hot_fraction=0.2):
    return hot_fraction * reads_per_day * bytes_per_item
