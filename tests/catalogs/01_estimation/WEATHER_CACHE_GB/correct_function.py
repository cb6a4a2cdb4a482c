"""Correct: with cache_bytes."""
WEATHER_CACHE_GB = cache_bytes(300e6, 2 * 1000) / 1e9
