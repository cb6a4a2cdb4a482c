"""Wrong (0 points): Gbit a day, not per second."""
PODCAST_EGRESS_GBIT_PER_S = 10e6 * 40 * 60 * 64_000 / 1e9
