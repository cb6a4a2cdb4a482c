# fails: test-backoff-jitter :: "full": rng.uniform(0, min(cap, base * 2 ** n)) (the example above)
# fails: test-backoff-jitter :: "equal": t / 2 + rng.uniform(0, t / 2), t = min(cap, base * 2 ** n)
# fails: test-backoff-jitter :: full jitter with other seeds, bases and caps (the cap bounds the window)
# fails: test-backoff-jitter :: exactly one number drawn per jittered delay
# fails: test-backoff-decorrelated :: "decorrelated": min(cap, rng.uniform(base, previous * 3)), previous = base at first (the example above)
# fails: test-backoff-decorrelated :: long decorrelated sequences reach the cap and stay bounded by it
# fails: test-backoff-decorrelated :: exactly one number drawn per decorrelated delay
# fails: test-backoff-exponential :: thousands of delays: no overflow once the ceiling has reached cap
"""Wrong: draws from the module-level random generator, not from rng."""
import random


def backoff_delays(strategy, count, base, cap, rng):
    if strategy not in ("none", "full", "equal", "decorrelated"):
        raise ValueError(strategy)
    if count < 0 or not base > 0 or not cap >= base:
        raise ValueError("bad arguments")
    out, previous, ceiling = [], base, base
    for _ in range(count):
        if strategy == "none":
            out.append(ceiling)
        elif strategy == "full":
            out.append(random.uniform(0, ceiling))
        elif strategy == "equal":
            out.append(ceiling / 2 + random.uniform(0, ceiling / 2))
        else:
            previous = min(cap, random.uniform(base, previous * 3))
            out.append(previous)
        ceiling = min(cap, ceiling * 2)
    return out
