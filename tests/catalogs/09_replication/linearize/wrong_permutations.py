# fails: test-linearize-pending :: 10 overlapping operations, linearizable and not, within 3 seconds
# fails: test-linearize-pending :: 60 operations that do not overlap, within 3 seconds
# Wrong: tries every permutation (and every subset of pending writes): right answers, exponential time.
import itertools


def linearize(history, initial=None):
    n = len(history)
    pending = [i for i in range(n) if history[i][3] is None]
    completed = [i for i in range(n) if history[i][3] is not None]
    for k in range(len(pending) + 1):
        for extra in itertools.combinations(pending, k):
            for order in itertools.permutations(completed + list(extra)):
                place = {op: pos for pos, op in enumerate(order)}
                if any(history[a][3] is not None and history[a][3] < history[b][2] and place[a] > place[b]
                       for a in order for b in order):
                    continue
                value, ok = initial, True
                for i in order:
                    if history[i][0] == "write":
                        value = history[i][1]
                    elif history[i][1] != value:
                        ok = False
                        break
                if ok:
                    return list(order)
    return None
