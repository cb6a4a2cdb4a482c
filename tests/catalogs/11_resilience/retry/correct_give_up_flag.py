"""Correct: keeps the last error in a variable, breaks out of the loop to give up, and raises it after."""
import random
import time


def retry(fn, strategy="full", max_attempts=3, base=0.1, cap=10.0, retryable=(ConnectionError, TimeoutError),
          deadline=None, budget=None, rng=None, clock=time.monotonic, sleep=time.sleep):
    known = {"none", "full", "equal", "decorrelated"}
    if strategy not in known:
        raise ValueError(f"strategy must be one of {sorted(known)}")
    if not (max_attempts >= 1 and base > 0 and cap >= base):
        raise ValueError("max_attempts >= 1, base > 0 and cap >= base")
    rng = rng or random.Random()
    if deadline is not None and not clock() < deadline:
        raise TimeoutError("no time left")
    if budget is not None:
        budget.deposit()
    previous = base
    for n in range(max_attempts):
        try:
            return fn()
        except retryable as error:
            last = error
        if n == max_attempts - 1:
            break
        ceiling = cap if n > 1000 else min(cap, base * 2.0 ** n)
        if strategy == "none":
            delay = ceiling
        elif strategy == "full":
            delay = rng.uniform(0, ceiling)
        elif strategy == "equal":
            delay = rng.uniform(ceiling / 2, ceiling)
        else:
            previous = delay = min(cap, rng.uniform(base, previous * 3))
        if deadline is not None and clock() + delay > deadline:
            break
        if budget is not None and not budget.withdraw():
            break
        sleep(delay)
    raise last
