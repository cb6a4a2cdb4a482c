"""Wrong (0 points): the answer in GB, 1000x too high."""
METER_STORAGE_TB = 20e6 * 96 * 200 * 365 * 3 * 3 / 1e9
