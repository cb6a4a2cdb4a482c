"""Correct (in band): the same in GiB, 6.9 % lower."""
WEATHER_CACHE_GB = 300e6 * 0.2 * 2048 / 2**30
