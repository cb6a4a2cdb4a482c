"""Correct (in band): a rounded mental answer."""
METER_READINGS_PER_SECOND = 22_000
