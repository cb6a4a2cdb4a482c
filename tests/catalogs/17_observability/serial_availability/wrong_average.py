# fails: test-serial-availability :: a longer chain is less available than its weakest link
# fails: test-serial-availability :: one component, none, a perfect one, a dead one
# fails: test-serial-availability :: two components at three nines: 0.998001
def serial_availability(availabilities):
    """The average availability of the chain."""
    for a in availabilities:
        if not 0 <= a <= 1:
            raise ValueError(a)
    return sum(availabilities) / len(availabilities) if availabilities else 1.0
