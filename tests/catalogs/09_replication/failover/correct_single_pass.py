# Correct: one loop keeps the best candidate so far; the acknowledged list is scanned directly.
def failover(log, acked, followers, max_lag=None):
    leader, best = None, -1
    for name in followers:
        position = followers[name]
        if position is None:
            continue
        if type(position) is int and not (0 <= position <= len(log)):
            raise ValueError(name)
    for name in followers:
        position = followers[name]
        if position is None:
            continue
        if max_lag is not None and len(log) - position > max_lag:
            continue
        if position > best or (position == best and name < leader):
            leader, best = name, position
    if leader is None:
        raise RuntimeError("no eligible follower")
    return leader, [w for w in log[best:] if w in acked], [w for w in log[:best] if w not in acked]
