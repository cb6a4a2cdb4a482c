# fails: test-problem-weather :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-weather :: within the band: ±25 % of the reference
"""Wrong (0 points): MB instead of GB, 1000x too high."""
WEATHER_CACHE_GB = 300e6 * 0.2 * 2_000 / 1e6
