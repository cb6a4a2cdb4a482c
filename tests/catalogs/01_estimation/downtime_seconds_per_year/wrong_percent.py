# fails: test-downtime :: three nines: downtime_seconds_per_year(0.999) == 31,536 s (8.76 hours)
# fails: test-downtime :: four and five nines, 99 % and 50 %: a 365-day year, no rounding
# fails: test-downtime :: the edges: 1.0 allows 0 s, 0.0 the whole year
# fails: test-downtime :: a percentage or a negative availability raises ValueError
"""Wrong: reads availability as a percentage (99.9), so 0.999 means 0.999 %."""
def downtime_seconds_per_year(availability):
    if not 0 <= availability <= 100:
        raise ValueError("bad availability")
    return (100 - availability) / 100 * 365 * 86_400
