# fails: test-parallel-availability :: replicas of different availability
# fails: test-parallel-availability :: two zones at 99.5 %: 0.999975
def parallel_availability(availabilities):
    """Adds the availabilities, capped at 1: counts the time both are up twice."""
    for a in availabilities:
        if not 0 <= a <= 1:
            raise ValueError(a)
    return min(1.0, float(sum(availabilities)))
