"""Correct: in steps, with an int result."""
first_hour_tickets = 1_200_000 * 60 // 100
TICKETS_PER_SECOND_FIRST_HOUR = first_hour_tickets // (60 * 60)
