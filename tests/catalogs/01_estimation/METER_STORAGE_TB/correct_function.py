"""Correct: with storage_bytes."""
METER_STORAGE_TB = storage_bytes(20e6 * 96, 200, 3, 3) / 1e12
