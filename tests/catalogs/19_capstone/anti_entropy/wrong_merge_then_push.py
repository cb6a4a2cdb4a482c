# fails: test-anti-entropy-basics :: a key only one replica holds is copied to the other, both ways
# fails: test-anti-entropy-bound :: 12 keys changed among 200 (depth 6): the differing leaves, within the bounds, converged
# fails: test-anti-entropy-bound :: concurrent versions on the two sides become siblings on both
# fails: test-anti-entropy-bound :: random divergence at every depth from 0 to 8
# fails: test-anti-entropy-descent :: changed keys in sister leaves and in a distant leaf
# fails: test-anti-entropy-descent :: depth 8, one changed key: 17 hashes
# fails: test-anti-entropy-partition :: a newer version that reached one home replica only spreads to the other two
# fails: test-anti-entropy-partition :: a partition's writes on both sides converge: one run per pair of nodes after the heal
# fails: test-anti-entropy-partition :: a second round over every pair sends one hash per pair, nothing else
"""Wrong: merges the remote's items first, then pushes the local leaf: the remote's own items go back to it."""


def anti_entropy(local, remote, depth):
    differing = [0]
    for level in range(depth + 1):
        if level > 0:
            differing = [c for i in differing for c in (2 * i, 2 * i + 1)]
        mine, theirs = local.hashes(level, differing), remote.hashes(level, differing)
        differing = [i for i, a, b in zip(differing, mine, theirs) if a != b]
        if not differing:
            return []
    for leaf in differing:
        local.merge(remote.leaf(leaf))
        remote.merge(local.leaf(leaf))
    return differing
