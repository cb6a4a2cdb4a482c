"""Correct (in band): 12 months of 30 days."""
METER_STORAGE_TB = 20e6 * 96 * 200 * 360 * 3 * 3 / 1e12
