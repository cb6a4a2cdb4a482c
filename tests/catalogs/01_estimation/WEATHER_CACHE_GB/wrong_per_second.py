"""Wrong (0 points): sizes a second of reads, not a day."""
WEATHER_CACHE_GB = average_qps(300e6) * 0.2 * 2_000 / 1e9
