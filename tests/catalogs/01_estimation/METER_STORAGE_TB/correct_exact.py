"""Correct: rows x bytes x 365 x 3 years x 3 replicas, in TB."""
METER_STORAGE_TB = 20_000_000 * 96 * 200 * 365 * 3 * 3 / 1e12
