# fails: test-downtime :: three nines: downtime_seconds_per_year(0.999) == 31,536 s (8.76 hours)
# fails: test-downtime :: four and five nines, 99 % and 50 %: a 365-day year, no rounding
# fails: test-downtime :: the edges: 1.0 allows 0 s, 0.0 the whole year
"""Wrong: a 365.25-day year (the contract says 365 days)."""
def downtime_seconds_per_year(availability):
    if not 0 <= availability <= 1:
        raise ValueError("bad availability")
    return (1 - availability) * 365.25 * 86_400
