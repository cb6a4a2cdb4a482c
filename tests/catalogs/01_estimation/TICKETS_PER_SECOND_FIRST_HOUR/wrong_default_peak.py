# fails: test-problem-tickets :: within the band: ±25 % of the reference
"""Wrong (half): the day's average x 3, 4.8x too low."""
TICKETS_PER_SECOND_FIRST_HOUR = peak_qps(1_200_000)
