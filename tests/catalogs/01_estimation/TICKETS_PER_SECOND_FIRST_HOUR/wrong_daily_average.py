"""Wrong (0 points): the day's average, 14.4x too low."""
TICKETS_PER_SECOND_FIRST_HOUR = average_qps(1_200_000)
