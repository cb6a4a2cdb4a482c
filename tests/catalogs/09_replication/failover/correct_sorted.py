# Correct: sort the candidates by (-position, name); acked as a set; a single pass over the log.
def failover(log, acked, followers, max_lag=None):
    n = len(log)
    candidates = []
    for name, position in sorted(followers.items()):
        if position is None:
            continue
        if position < 0 or position > n:
            raise ValueError("impossible position %r for %r" % (position, name))
        if max_lag is None or n - position <= max_lag:
            candidates.append((-position, name))
    if not candidates:
        raise RuntimeError("nobody to promote")
    negative, leader = sorted(candidates)[0]
    best = -negative
    done = frozenset(acked)
    lost, survived = [], []
    for index, write in enumerate(log):
        if index < best and write not in done:
            survived.append(write)
        elif index >= best and write in done:
            lost.append(write)
    return (leader, lost, survived)
