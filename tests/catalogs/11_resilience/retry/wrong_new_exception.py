# fails: test-retry-basics :: after max_attempts failures the LAST error propagates, with no sleep after it
# fails: test-retry-basics :: the default max_attempts is 3, and the first success returns at once
# fails: test-retry-budget :: deposits once, withdraws before each sleep, and gives up with the last error when refused
# fails: test-retry-budget :: no token is spent on a success, a non-retryable error, or after the last attempt
# fails: test-retry-budget :: the budget is shared by successive calls
# fails: test-retry-budget :: the deadline is checked before the budget: no token spent on a retry that cannot happen
# fails: test-retry-deadline :: gives up (with the last error) instead of a sleep that would end past the deadline (the example above)
# fails: test-retry-deadline :: the deadline is checked against the drawn (jittered) delay
# fails: test-retry-deadline :: the time fn takes counts: the clock is read after each failure
# fails: test-retry-sleeps :: one number drawn per sleep, none after the last attempt or for "none"
"""Wrong: gives up with a new RuntimeError instead of re-raising the last error."""
import random
import time


class RetriesExhausted(RuntimeError):
    pass


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
        except retryable as error:
            if attempt == max_attempts:
                raise RetriesExhausted(f"gave up after {attempt} attempts") from error
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
                raise RetriesExhausted("deadline") from error
            if budget is not None and not budget.withdraw():
                raise RetriesExhausted("budget") from error
            sleep(delay)
