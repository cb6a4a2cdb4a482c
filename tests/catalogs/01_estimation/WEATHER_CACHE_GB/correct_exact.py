"""Correct: 20 % of a day's reads x 2 KB, in GB."""
WEATHER_CACHE_GB = 300_000_000 * 0.2 * 2_000 / 1e9
