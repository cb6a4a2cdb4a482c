# fails: test-problem-tickets :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-tickets :: within the band: ±25 % of the reference
"""Wrong (0 points): tickets per minute, 60x too high."""
TICKETS_PER_SECOND_FIRST_HOUR = 0.6 * 1_200_000 / 60
