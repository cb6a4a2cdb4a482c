# fails: test-serial-availability :: a longer chain is less available than its weakest link
# fails: test-serial-availability :: two components at three nines: 0.998001
def serial_availability(availabilities):
    """The weakest link's availability: forgets that every component can fail on its own."""
    for a in availabilities:
        if not 0 <= a <= 1:
            raise ValueError(a)
    return min(availabilities, default=1.0)
