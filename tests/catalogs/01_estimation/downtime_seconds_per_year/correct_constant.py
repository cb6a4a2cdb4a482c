"""Correct: a module constant for the year, unavailability computed first."""
SECONDS_PER_YEAR = 31_536_000


def downtime_seconds_per_year(availability):
    if not (0.0 <= availability <= 1.0):
        raise ValueError(f"not a fraction: {availability}")
    unavailability = 1.0 - availability
    return SECONDS_PER_YEAR * unavailability
