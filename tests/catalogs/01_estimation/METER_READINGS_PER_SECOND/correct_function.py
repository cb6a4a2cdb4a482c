"""Correct: with average_qps."""
METER_READINGS_PER_SECOND = average_qps(20_000_000 * 96)
