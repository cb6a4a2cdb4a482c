"""Correct: the round answer."""
TICKETS_PER_SECOND_FIRST_HOUR = 200
