# fails: test-parallel-availability :: one replica, none, a perfect one, dead ones
import math


def parallel_availability(availabilities):
    """Treats 'no replica' as 'nothing can fail' and returns 1.0: with no replica nothing is ever up (0.0)."""
    if not availabilities:
        return 1.0
    if any(not 0 <= a <= 1 for a in availabilities):
        raise ValueError("availabilities must be in [0, 1]")
    return 1 - math.prod(1 - a for a in availabilities)
