"""Wrong (0 points): forgets the 96 readings a day, 96x too low."""
METER_READINGS_PER_SECOND = 20_000_000 / 86_400
