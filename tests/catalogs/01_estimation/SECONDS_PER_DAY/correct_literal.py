"""Correct: the literal 86_400."""
SECONDS_PER_DAY = 86_400
