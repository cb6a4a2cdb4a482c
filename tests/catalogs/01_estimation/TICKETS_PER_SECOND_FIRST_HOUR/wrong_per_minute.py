"""Wrong (0 points): tickets per minute, 60x too high."""
TICKETS_PER_SECOND_FIRST_HOUR = 0.6 * 1_200_000 / 60
