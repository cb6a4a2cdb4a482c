# fails: test-problem-podcast :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-podcast :: within the band: ±25 % of the reference
"""Wrong (0 points): 40 seconds instead of 40 minutes, 60x too low."""
PODCAST_EGRESS_GBIT_PER_S = 10e6 * 40 * 64_000 / 86_400 / 1e9
