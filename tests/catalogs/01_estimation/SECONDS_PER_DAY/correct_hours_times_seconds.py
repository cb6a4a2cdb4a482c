"""Correct: 24 hours of 3600 seconds."""
SECONDS_PER_DAY = 24 * 3600
