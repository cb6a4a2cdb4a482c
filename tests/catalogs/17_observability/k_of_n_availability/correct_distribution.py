def k_of_n_availability(k, n, availability):
    """The distribution of the number of nodes up, built one node at a time (no binomials)."""
    if k < 0 or k > n:
        raise ValueError((k, n))
    if availability < 0 or availability > 1:
        raise ValueError(availability)
    up = [1.0]                      # up[i] = probability that exactly i of the nodes so far are up
    for _ in range(n):
        nxt = [0.0] * (len(up) + 1)
        for i, p in enumerate(up):
            nxt[i] += p * (1 - availability)
            nxt[i + 1] += p * availability
        up = nxt
    return sum(up[k:])
