"""Correct: derived from datetime.timedelta."""
from datetime import timedelta

SECONDS_PER_DAY = int(timedelta(days=1).total_seconds())
