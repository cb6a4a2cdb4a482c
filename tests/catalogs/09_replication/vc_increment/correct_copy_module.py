# Correct: copy.deepcopy, then setdefault and add; zeros are dropped from the result.
import copy


def vc_increment(clock, node):
    new = copy.deepcopy(clock)
    new.setdefault(node, 0)
    new[node] += 1
    return {k: v for k, v in new.items() if v}
