# fails: test-retry-basics :: a non-retryable error propagates at once: one call, no sleep
# fails: test-retry-basics :: other errors are not retried, OSError subclasses included
# fails: test-retry-basics :: retryable= decides what is retried
# fails: test-retry-budget :: no token is spent on a success, a non-retryable error, or after the last attempt
"""Wrong: retries every exception, ignoring `retryable`."""
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
        except Exception:
            if attempt == max_attempts:
                raise
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
            sleep(delay)
