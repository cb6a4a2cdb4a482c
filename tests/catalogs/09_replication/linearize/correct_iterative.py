# Correct: an explicit stack instead of recursion, with a memo of failed (placed set, value) states.
def linearize(history, initial=None):
    n = len(history)
    ends = [op[3] for op in history]
    needed = frozenset(i for i in range(n) if ends[i] is not None)

    def candidates(placed, value):
        out = []
        for i in range(n):
            if i in placed:
                continue
            if any(j not in placed and ends[j] is not None and ends[j] < history[i][2] for j in range(n)):
                continue
            if history[i][0] == "read" and history[i][1] != value:
                continue
            out.append(i)
        return out

    dead = set()
    stack = [(frozenset(), initial, [], candidates(frozenset(), initial))]
    while stack:
        placed, value, order, todo = stack[-1]
        if needed <= placed:
            return order
        if not todo:
            dead.add((placed, value))
            stack.pop()
            continue
        i = todo.pop(0)
        nxt_value = history[i][1] if history[i][0] == "write" else value
        nxt = placed | {i}
        if (nxt, nxt_value) in dead:
            continue
        stack.append((nxt, nxt_value, order + [i], candidates(nxt, nxt_value)))
    return None
