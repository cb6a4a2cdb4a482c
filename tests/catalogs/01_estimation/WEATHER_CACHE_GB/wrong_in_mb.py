"""Wrong (0 points): MB instead of GB, 1000x too high."""
WEATHER_CACHE_GB = 300e6 * 0.2 * 2_000 / 1e6
