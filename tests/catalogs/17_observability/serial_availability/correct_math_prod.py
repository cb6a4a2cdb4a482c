import math


def serial_availability(availabilities):
    """math.prod, after checking every value."""
    if any(not 0 <= a <= 1 for a in availabilities):
        raise ValueError("availabilities must be in [0, 1]")
    return float(math.prod(availabilities))
