# fails: test-problem-weather :: within the band: ±25 % of the reference
"""Wrong (half): caches the whole day, 5x too high."""
WEATHER_CACHE_GB = 300e6 * 2_000 / 1e9
