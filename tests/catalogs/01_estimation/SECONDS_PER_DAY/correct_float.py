"""Correct: the exact value as a float (86400.0 == 86_400)."""
SECONDS_PER_DAY = 86400.0
