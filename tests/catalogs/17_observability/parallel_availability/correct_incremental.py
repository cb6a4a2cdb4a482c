def parallel_availability(availabilities):
    """Add replicas one at a time: each covers the share of the time the others are down."""
    up = 0.0
    for a in availabilities:
        if not 0 <= a <= 1:
            raise ValueError(f"bad availability {a!r}")
        up = up + (1 - up) * a
    return up
