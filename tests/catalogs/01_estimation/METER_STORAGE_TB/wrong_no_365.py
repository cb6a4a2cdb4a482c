"""Wrong (0 points): forgets the days of a year."""
METER_STORAGE_TB = 20e6 * 96 * 200 * 3 * 3 / 1e12
