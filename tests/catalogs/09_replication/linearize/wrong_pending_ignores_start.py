# fails: test-linearize-pending :: a pending write cannot take effect before it was invoked
# fails: test-linearize-violations :: 80 random small histories agree with an exhaustive check
# Wrong: a pending write may be placed anywhere, even before it was invoked.
def linearize(history, initial=None):
    n = len(history)
    completed = [i for i in range(n) if history[i][3] is not None]
    done, order = set(), []

    def minimal(i):
        if history[i][3] is None:
            return True
        start = history[i][2]
        return not any(j not in done and history[j][3] is not None and history[j][3] < start
                       for j in completed if j != i)

    def search(value):
        if all(i in done for i in completed):
            return True
        for i in range(n):
            if i in done or not minimal(i):
                continue
            kind, v = history[i][0], history[i][1]
            if kind == "read" and v != value:
                continue
            done.add(i)
            order.append(i)
            if search(v if kind == "write" else value):
                return True
            done.discard(i)
            order.pop()
        return False

    return list(order) if search(initial) else None
