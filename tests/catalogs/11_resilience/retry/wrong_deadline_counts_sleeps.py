# fails: test-retry-deadline :: the time fn takes counts: the clock is read after each failure
"""Wrong: tracks the time used by adding up its own sleeps, so the time fn takes is never counted."""
import random
import time


def retry(fn, strategy="full", max_attempts=3, base=0.1, cap=10.0, retryable=(ConnectionError, TimeoutError),
          deadline=None, budget=None, rng=None, clock=time.monotonic, sleep=time.sleep):
    if strategy not in ("none", "full", "equal", "decorrelated") or max_attempts < 1 or not base > 0 or cap < base:
        raise ValueError("bad settings")
    rng = rng or random.Random()
    now = clock()
    if deadline is not None and now >= deadline:
        raise TimeoutError("deadline passed")
    if budget is not None:
        budget.deposit()
    ceiling = previous = base
    for attempt in range(1, max_attempts + 1):
        try:
            return fn()
        except retryable:
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
            if deadline is not None and now + delay > deadline:
                raise
            if budget is not None and not budget.withdraw():
                raise
            sleep(delay)
            now += delay
