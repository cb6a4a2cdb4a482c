# fails: test-failover-leader :: ties go to the smallest name, whatever the dict's order
# Wrong: ties go to whichever follower comes first in the dict (max() keeps the first).
def failover(log, acked, followers, max_lag=None):
    for name, p in followers.items():
        if p is not None and not 0 <= p <= len(log):
            raise ValueError(name)
    candidates = {n: p for n, p in followers.items()
                  if p is not None and (max_lag is None or len(log) - p <= max_lag)}
    if not candidates:
        raise RuntimeError("no follower can take over")
    leader = max(candidates, key=candidates.get)
    best = candidates[leader]
    return leader, [w for w in log[best:] if w in acked], [w for w in log[:best] if w not in acked]
