# fails: test-problem-weather :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-weather :: within the band: ±25 % of the reference
"""Wrong (0 points): sizes a second of reads, not a day."""
WEATHER_CACHE_GB = average_qps(300e6) * 0.2 * 2_000 / 1e9
