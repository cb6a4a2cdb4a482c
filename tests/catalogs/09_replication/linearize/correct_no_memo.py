# Correct: Wing & Gong's search as published: recursion and backtracking, no memo; pending writes last-resort.
def linearize(history, initial=None):
    n = len(history)
    placed = [False] * n
    order = []

    def must_wait(i):
        # an unplaced, completed operation that ended before i started must be placed first
        return any(not placed[j] and history[j][3] is not None and history[j][3] < history[i][2]
                   for j in range(n))

    def complete():
        return all(placed[j] or history[j][3] is None for j in range(n))

    def go(value):
        if complete():
            return True
        for i in range(n):
            if placed[i] or must_wait(i):
                continue
            kind, v, _, _ = history[i]
            if kind == "read" and v != value:
                continue
            placed[i] = True
            order.append(i)
            if go(value if kind == "read" else v):
                return True
            placed[i] = False
            order.pop()
        return False

    return order[:] if go(initial) else None
