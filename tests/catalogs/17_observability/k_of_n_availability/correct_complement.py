from math import comb


def k_of_n_availability(k, n, availability):
    """1 - the probability that fewer than k nodes are up."""
    if not (0 <= k <= n) or not (0 <= availability <= 1):
        raise ValueError("need 0 <= k <= n and an availability in [0, 1]")
    a = availability
    return 1.0 - sum(comb(n, i) * a ** i * (1 - a) ** (n - i) for i in range(k))
