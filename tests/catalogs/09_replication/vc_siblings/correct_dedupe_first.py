# Correct: first drop repeated clocks (keeping the first), then drop the dominated ones; own comparison.
def _le(x, y):
    return all(v <= y.get(k, 0) for k, v in x.items())


def vc_siblings(versions):
    unique = []
    for clock, value in versions:
        if not any(_le(clock, c) and _le(c, clock) for c, _ in unique):
            unique.append((clock, value))
    return [(c, v) for c, v in unique
            if not any(_le(c, other) and not _le(other, c) for other, _ in unique)]
