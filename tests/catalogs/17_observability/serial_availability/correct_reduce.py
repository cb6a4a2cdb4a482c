from functools import reduce


def serial_availability(availabilities):
    """A fold with multiplication, validating on the way."""
    def times(acc, a):
        if a < 0 or a > 1:
            raise ValueError(a)
        return acc * a
    return reduce(times, availabilities, 1.0)
