"""Correct: 60 % of the day's tickets over 3600 s."""
TICKETS_PER_SECOND_FIRST_HOUR = 0.6 * 1_200_000 / 3600
