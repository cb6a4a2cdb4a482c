# fails: test-problem-weather :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-weather :: within the band: ±25 % of the reference
"""Wrong (0 points): bytes instead of GB."""
WEATHER_CACHE_GB = cache_bytes(300e6, 2_000)
