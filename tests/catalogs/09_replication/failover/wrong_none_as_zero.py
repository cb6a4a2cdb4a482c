# fails: test-failover-leader :: no candidate at all raises RuntimeError
# fails: test-failover-leader :: unreachable followers (None) are not candidates
# Wrong: an unreachable follower counts as a follower at position 0: it can be promoted.
def failover(log, acked, followers, max_lag=None):
    positions = {name: (0 if p is None else p) for name, p in followers.items()}
    for name, p in positions.items():
        if not 0 <= p <= len(log):
            raise ValueError(name)
    candidates = {n: p for n, p in positions.items() if max_lag is None or len(log) - p <= max_lag}
    if not candidates:
        raise RuntimeError("no follower can take over")
    best = max(candidates.values())
    leader = min(n for n, p in candidates.items() if p == best)
    return leader, [w for w in log[best:] if w in acked], [w for w in log[:best] if w not in acked]
