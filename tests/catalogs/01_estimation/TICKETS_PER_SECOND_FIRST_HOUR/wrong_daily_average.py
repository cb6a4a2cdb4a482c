# fails: test-problem-tickets :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-tickets :: within the band: ±25 % of the reference
"""Wrong (0 points): the day's average, 14.4x too low."""
TICKETS_PER_SECOND_FIRST_HOUR = average_qps(1_200_000)
