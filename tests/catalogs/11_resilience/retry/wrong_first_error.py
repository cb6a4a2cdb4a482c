# fails: test-retry-basics :: after max_attempts failures the LAST error propagates, with no sleep after it
# fails: test-retry-budget :: deposits once, withdraws before each sleep, and gives up with the last error when refused
# fails: test-retry-deadline :: gives up (with the last error) instead of a sleep that would end past the deadline (the example above)
# fails: test-retry-deadline :: the time fn takes counts: the clock is read after each failure
"""Wrong: remembers the first error and raises it when giving up (hides what happened last)."""
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
    first = None
    for attempt in range(1, max_attempts + 1):
        try:
            return fn()
        except retryable as error:
            first = first or error
            if attempt == max_attempts:
                raise first
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
                raise first
            if budget is not None and not budget.withdraw():
                raise first
            sleep(delay)
