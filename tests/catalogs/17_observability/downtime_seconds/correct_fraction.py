from fractions import Fraction


def downtime_seconds(availability, period_seconds):
    """Exact arithmetic on the decimal the caller meant, then a float."""
    if not (0 <= availability <= 1):
        raise ValueError(availability)
    if period_seconds < 0:
        raise ValueError(period_seconds)
    return float((1 - Fraction(str(availability))) * Fraction(str(period_seconds)))
