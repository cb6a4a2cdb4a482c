"""Correct: a generator of delays; `except Exception` with an isinstance test; a while loop."""
import random
import time


def retry(fn, strategy="full", max_attempts=3, base=0.1, cap=10.0, retryable=(ConnectionError, TimeoutError),
          deadline=None, budget=None, rng=None, clock=time.monotonic, sleep=time.sleep):
    if strategy not in ("none", "full", "equal", "decorrelated") or max_attempts < 1 or base <= 0 or cap < base:
        raise ValueError("invalid retry settings")
    if rng is None:
        rng = random.Random()

    def delays():
        ceiling, previous = base, base
        while True:
            if strategy == "none":
                yield ceiling
            elif strategy == "full":
                yield ceiling * rng.random()
            elif strategy == "equal":
                yield ceiling / 2 + (ceiling / 2) * rng.random()
            else:
                previous = min(cap, base + (3 * previous - base) * rng.random())
                yield previous
            ceiling = min(cap, 2 * ceiling)

    if deadline is not None and clock() >= deadline:
        raise TimeoutError("deadline exceeded before the first attempt")
    if budget is not None:
        budget.deposit()
    waits = delays()
    attempts = 0
    while True:
        attempts += 1
        try:
            return fn()
        except Exception as error:
            if not isinstance(error, retryable) or attempts >= max_attempts:
                raise
            wait = next(waits)
            if deadline is not None and clock() + wait > deadline:
                raise
            if budget is not None and not budget.withdraw():
                raise
            sleep(wait)
