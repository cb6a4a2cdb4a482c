"""Correct: listening seconds x bit rate, over 86,400 s, in Gbit/s."""
PODCAST_EGRESS_GBIT_PER_S = 10e6 * 40 * 60 * 64_000 / 86_400 / 1e9
