"""Correct: through hours in a year, range checked with two comparisons."""
def downtime_seconds_per_year(availability):
    if availability < 0 or availability > 1:
        raise ValueError("availability is a fraction in [0, 1]")
    hours_per_year = 365 * 24
    return hours_per_year * (1 - availability) * 3600
