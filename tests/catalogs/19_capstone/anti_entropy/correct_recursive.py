"""Correct: a depth-first recursion, one node at a time (the same nodes are asked, in another order)."""


def anti_entropy(local, remote, depth):
    differing = []

    def visit(level, index):
        if local.hashes(level, [index]) == remote.hashes(level, [index]):
            return
        if level == depth:
            differing.append(index)
            return
        visit(level + 1, 2 * index)
        visit(level + 1, 2 * index + 1)

    visit(0, 0)
    for leaf in differing:
        theirs, mine = remote.leaf(leaf), local.leaf(leaf)
        local.merge(theirs)
        remote.merge(mine)
    return differing
