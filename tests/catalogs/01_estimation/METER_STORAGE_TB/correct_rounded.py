"""Correct (in band): a rounded answer."""
METER_STORAGE_TB = 1_300
