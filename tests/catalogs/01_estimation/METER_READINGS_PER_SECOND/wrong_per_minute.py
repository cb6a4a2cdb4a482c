"""Wrong (0 points): readings per minute, 60x too high."""
METER_READINGS_PER_SECOND = 20_000_000 * 96 / 1440
