# fails: test-parallel-availability :: replicas of different availability
# fails: test-parallel-availability :: two zones at 99.5 %: 0.999975
def parallel_availability(availabilities):
    """The best replica's availability: forgets that the others cover its downtime."""
    for a in availabilities:
        if not 0 <= a <= 1:
            raise ValueError(a)
    return max(availabilities, default=0.0)
