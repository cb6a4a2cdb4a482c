"""Correct: breadth-first with a queue of (level, index), children asked in pairs; only the missing keys pushed."""
from collections import deque


def anti_entropy(local, remote, depth):
    queue = deque([(0, 0)])
    leaves = []
    while queue:
        level, index = queue.popleft()
        if level == 0:
            pairs = [(0, 0)]
        else:
            pairs = [(level, index)]
        mine = local.hashes(level, [i for _, i in pairs])
        theirs = remote.hashes(level, [i for _, i in pairs])
        for (lvl, i), a, b in zip(pairs, mine, theirs):
            if a == b:
                continue
            if lvl == depth:
                leaves.append(i)
            else:
                queue.append((lvl + 1, 2 * i))
                queue.append((lvl + 1, 2 * i + 1))
    leaves.sort()
    for leaf in leaves:
        theirs = remote.leaf(leaf)
        mine = local.leaf(leaf)
        theirs_set = {(k, repr(sorted((sorted(c.items()), repr(v)) for c, v in vs))) for k, vs in theirs}
        push = [(k, vs) for k, vs in mine
                if (k, repr(sorted((sorted(c.items()), repr(v)) for c, v in vs))) not in theirs_set]
        if theirs:
            local.merge(theirs)
        if push:
            remote.merge(push)
    return leaves
