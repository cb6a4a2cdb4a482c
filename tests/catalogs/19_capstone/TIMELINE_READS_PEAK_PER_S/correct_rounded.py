"""Correct (in band): a rounded answer with the 100,000-seconds shortcut."""
TIMELINE_READS_PEAK_PER_S = 225_000
