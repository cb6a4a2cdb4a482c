"""Correct (in band): the 10^5-seconds shortcut, 13.6 % low."""
METER_READINGS_PER_SECOND = 20e6 * 96 / 1e5
