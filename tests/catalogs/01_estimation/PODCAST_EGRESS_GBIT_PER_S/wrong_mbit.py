"""Wrong (0 points): Mbit/s instead of Gbit/s, 1000x too high."""
PODCAST_EGRESS_GBIT_PER_S = 10e6 * 40 * 60 * 64_000 / 86_400 / 1e6
