# fails: test-problem-weather :: within the band: ±25 % of the reference
"""Wrong (half): caches 80 % instead of 20 %, 4x too high."""
WEATHER_CACHE_GB = 300e6 * 0.8 * 2_000 / 1e9
