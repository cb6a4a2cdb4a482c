"""Correct: a formula per n with an integer exponent bound; equal jitter as uniform(t / 2, t)."""
def backoff_delays(strategy, count, base, cap, rng):
    if not (isinstance(count, int) and count >= 0):
        raise ValueError("count must be a non-negative int")
    if not base > 0:
        raise ValueError("base must be positive")
    if cap < base:
        raise ValueError("cap must be at least base")
    if strategy == "none":
        draw = None
    elif strategy in ("full", "equal", "decorrelated"):
        draw = strategy
    else:
        raise ValueError(f"no such strategy: {strategy}")
    out = []
    previous = base
    doubled = base
    steps = 0
    while doubled < cap and steps < count:     # how many doublings reach the cap
        doubled *= 2
        steps += 1
    for n in range(count):
        t = min(cap, base * 2 ** min(n, steps))
        if draw is None:
            out.append(t)
        elif draw == "full":
            out.append(rng.uniform(0, t))
        elif draw == "equal":
            out.append(rng.uniform(t / 2, t))
        else:
            previous = min(cap, rng.uniform(base, 3 * previous))
            out.append(previous)
    return out
