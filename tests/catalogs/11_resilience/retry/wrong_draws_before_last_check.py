# fails: test-retry-budget :: no token is spent on a success, a non-retryable error, or after the last attempt
# fails: test-retry-sleeps :: one number drawn per sleep, none after the last attempt or for "none"
"""Wrong: draws (and checks the deadline and budget) before noticing it was the last attempt."""
import random
import time


def retry(fn, strategy="full", max_attempts=3, base=0.1, cap=10.0, retryable=(ConnectionError, TimeoutError),
          deadline=None, budget=None, rng=None, clock=time.monotonic, sleep=time.sleep):
    if strategy not in ("none", "full", "equal", "decorrelated") or max_attempts < 1 or not base > 0 or cap < base:
        raise ValueError("bad settings")
    rng = rng or random.Random()
    if deadline is not None and clock() >= deadline:
        raise TimeoutError("deadline passed")
    if budget is not None:
        budget.deposit()
    ceiling = previous = base
    for attempt in range(1, max_attempts + 1):
        try:
            return fn()
        except retryable:
            if strategy == "none":
                delay = ceiling
            elif strategy == "full":
                delay = rng.uniform(0, ceiling)
            elif strategy == "equal":
                delay = ceiling / 2 + rng.uniform(0, ceiling / 2)
            else:
                delay = previous = min(cap, rng.uniform(base, previous * 3))
            ceiling = min(cap, ceiling * 2)
            if deadline is not None and clock() + delay > deadline:
                raise
            if budget is not None and not budget.withdraw():
                raise
            if attempt == max_attempts:
                raise
            sleep(delay)
