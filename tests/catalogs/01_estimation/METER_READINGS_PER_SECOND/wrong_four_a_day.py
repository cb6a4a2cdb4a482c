"""Wrong (0 points): 4 readings a day instead of 4 an hour, 24x too low."""
METER_READINGS_PER_SECOND = 20_000_000 * 4 / 86_400
