import math


def parallel_availability(availabilities):
    """1 - the product of the unavailabilities, with math.prod."""
    availabilities = list(availabilities)
    for a in availabilities:
        if a < 0 or a > 1:
            raise ValueError(a)
    return 1.0 - math.prod(1 - a for a in availabilities)
