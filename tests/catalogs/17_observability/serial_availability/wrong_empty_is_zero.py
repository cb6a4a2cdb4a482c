# fails: test-serial-availability :: one component, none, a perfect one, a dead one
import math


def serial_availability(availabilities):
    """No components, no service: returns 0.0 for an empty chain (the empty product is 1)."""
    if not availabilities:
        return 0.0
    if any(not 0 <= a <= 1 for a in availabilities):
        raise ValueError("availabilities must be in [0, 1]")
    return math.prod(availabilities)
