# fails: test-backoff-decorrelated :: "decorrelated": min(cap, rng.uniform(base, previous * 3)), previous = base at first (the example above)
# fails: test-backoff-decorrelated :: exactly one number drawn per decorrelated delay
# fails: test-backoff-decorrelated :: long decorrelated sequences reach the cap and stay bounded by it
# fails: test-backoff-exponential :: "none" draws no random number, and count=0 gives []
# fails: test-backoff-exponential :: "none": base, 2 x base, 4 x base, ... capped at cap (the example above)
# fails: test-backoff-exponential :: the ceiling never passes cap, and cap == base is allowed
# fails: test-backoff-exponential :: thousands of delays: no overflow once the ceiling has reached cap
# fails: test-backoff-jitter :: "equal": t / 2 + rng.uniform(0, t / 2), t = min(cap, base * 2 ** n)
# fails: test-backoff-jitter :: "full": rng.uniform(0, min(cap, base * 2 ** n)) (the example above)
# fails: test-backoff-jitter :: exactly one number drawn per jittered delay
# fails: test-backoff-jitter :: full jitter with other seeds, bases and caps (the cap bounds the window)
"""Wrong: returns a generator (a lazy sequence), not the list the contract asks for."""
def backoff_delays(strategy, count, base, cap, rng):
    if strategy not in ("none", "full", "equal", "decorrelated"):
        raise ValueError(strategy)
    if count < 0 or not base > 0 or not cap >= base:
        raise ValueError("bad arguments")

    def gen():
        previous, ceiling = base, base
        for _ in range(count):
            if strategy == "none":
                yield ceiling
            elif strategy == "full":
                yield rng.uniform(0, ceiling)
            elif strategy == "equal":
                yield ceiling / 2 + rng.uniform(0, ceiling / 2)
            else:
                previous = min(cap, rng.uniform(base, previous * 3))
                yield previous
            ceiling = min(cap, ceiling * 2)
    return gen()
