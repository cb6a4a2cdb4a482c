# fails: test-k-of-n-availability :: 5-node quorums, and a pool that needs 8 of 10 servers
# fails: test-k-of-n-availability :: a 3-node quorum at 99 %: 2 of 3 -> 0.999702
# fails: test-k-of-n-availability :: n of n is in series, 1 of n is in parallel, 0 of n is certain
# fails: test-k-of-n-availability :: perfect nodes and dead nodes: availability 1 and 0 are allowed
import math


def k_of_n_availability(k, n, availability):
    """The probability that exactly k nodes are up, not at least k."""
    if not 0 <= k <= n or not 0 <= availability <= 1:
        raise ValueError((k, n, availability))
    a = availability
    return math.comb(n, k) * a ** k * (1 - a) ** (n - k)
