"""Wrong (0 points): bytes instead of GB."""
WEATHER_CACHE_GB = cache_bytes(300e6, 2_000)
