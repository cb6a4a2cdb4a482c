# fails: test-problem-tickets :: within the band: ±25 % of the reference
"""Wrong (half): every ticket in the first hour, 1.67x too high."""
TICKETS_PER_SECOND_FIRST_HOUR = 1_200_000 / 3600
