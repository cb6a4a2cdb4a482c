# fails: test-backoff-exponential :: thousands of delays: no overflow once the ceiling has reached cap
"""Wrong: min(cap, base * 2 ** n) straight from the formula: OverflowError past n = 1023."""
def backoff_delays(strategy, count, base, cap, rng):
    if strategy not in ("none", "full", "equal", "decorrelated"):
        raise ValueError(strategy)
    if count < 0 or not base > 0 or not cap >= base:
        raise ValueError("bad arguments")
    out, previous = [], base
    for n in range(count):
        ceiling = min(cap, base * 2 ** n)
        if strategy == "none":
            out.append(ceiling)
        elif strategy == "full":
            out.append(rng.uniform(0, ceiling))
        elif strategy == "equal":
            out.append(ceiling / 2 + rng.uniform(0, ceiling / 2))
        else:
            previous = min(cap, rng.uniform(base, previous * 3))
            out.append(previous)
    return out
