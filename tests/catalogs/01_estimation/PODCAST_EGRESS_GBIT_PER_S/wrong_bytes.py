# fails: test-problem-podcast :: within the band: ±25 % of the reference
"""Wrong (half): GB/s instead of Gbit/s, 8x too low."""
PODCAST_EGRESS_GBIT_PER_S = 10e6 * 40 * 60 * 64_000 / 8 / 86_400 / 1e9
