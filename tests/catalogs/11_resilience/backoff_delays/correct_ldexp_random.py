"""Correct: a generator of delays; the ceiling from math.ldexp with the exponent clamped; rng.random() arithmetic."""
import math


def backoff_delays(strategy, count, base, cap, rng):
    if strategy not in {"none", "full", "equal", "decorrelated"}:
        raise ValueError(strategy)
    if count < 0 or base <= 0 or cap < base:
        raise ValueError("bad arguments")
    # past this exponent the ceiling is cap anyway
    top = math.ceil(math.log2(cap / base)) + 1

    def delays():
        previous = base
        n = 0
        while True:
            ceiling = min(cap, math.ldexp(base, min(n, top)))
            if strategy == "none":
                yield ceiling
            elif strategy == "full":
                yield ceiling * rng.random()
            elif strategy == "equal":
                half = ceiling / 2
                yield half + half * rng.random()
            else:
                previous = min(cap, base + (previous * 3 - base) * rng.random())
                yield previous
            n += 1

    gen = delays()
    return [next(gen) for _ in range(count)]
