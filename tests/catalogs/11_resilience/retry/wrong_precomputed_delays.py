# fails: test-retry-sleeps :: every call of retry starts again at n = 0 (the rng carries on)
# fails: test-retry-sleeps :: one number drawn per sleep, none after the last attempt or for "none"
"""Wrong: draws all max_attempts - 1 delays up front (calls backoff_delays), so an early success
still consumes numbers from the shared rng."""
import random
import time


def retry(fn, strategy="full", max_attempts=3, base=0.1, cap=10.0, retryable=(ConnectionError, TimeoutError),
          deadline=None, budget=None, rng=None, clock=time.monotonic, sleep=time.sleep):
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    rng = rng or random.Random()
    delays = backoff_delays(strategy, max_attempts - 1, base, cap, rng)
    if deadline is not None and clock() >= deadline:
        raise TimeoutError("deadline passed")
    if budget is not None:
        budget.deposit()
    for attempt in range(max_attempts):
        try:
            return fn()
        except retryable:
            if attempt == max_attempts - 1:
                raise
            delay = delays[attempt]
            if deadline is not None and clock() + delay > deadline:
                raise
            if budget is not None and not budget.withdraw():
                raise
            sleep(delay)
