"""Wrong (0 points): readings per day, not per second."""
METER_READINGS_PER_SECOND = 20_000_000 * 96
