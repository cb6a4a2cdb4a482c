"""Correct: hot reads first, then their size."""
def cache_bytes(reads_per_day, bytes_per_item, hot_fraction=0.2):
    hot_reads = reads_per_day * hot_fraction
    return hot_reads * bytes_per_item
