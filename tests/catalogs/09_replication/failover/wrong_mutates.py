# fails: test-failover-survived :: the arguments are not changed
# Wrong: works on its arguments in place (drops unreachable followers from the caller's dict).
def failover(log, acked, followers, max_lag=None):
    for name in [n for n, p in followers.items() if p is None]:
        del followers[name]
    for name, p in followers.items():
        if not 0 <= p <= len(log):
            raise ValueError(name)
    if max_lag is not None:
        for name in [n for n, p in followers.items() if len(log) - p > max_lag]:
            del followers[name]
    if not followers:
        raise RuntimeError("no follower can take over")
    best = max(followers.values())
    leader = min(n for n, p in followers.items() if p == best)
    return leader, [w for w in log[best:] if w in acked], [w for w in log[:best] if w not in acked]
