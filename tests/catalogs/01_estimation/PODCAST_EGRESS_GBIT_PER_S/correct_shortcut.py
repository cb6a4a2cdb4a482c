"""Correct (in band): the 10^5-seconds shortcut."""
PODCAST_EGRESS_GBIT_PER_S = 10e6 * 2400 * 64e3 / 1e5 / 1e9
