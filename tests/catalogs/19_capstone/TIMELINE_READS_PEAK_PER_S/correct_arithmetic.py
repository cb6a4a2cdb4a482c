"""Correct: plain arithmetic, 7.5 B loads a day at 3x."""
TIMELINE_READS_PEAK_PER_S = 250e6 * 30 / 86_400 * 3
