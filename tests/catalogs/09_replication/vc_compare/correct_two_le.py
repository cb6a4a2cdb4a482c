# Correct: a <= b and b <= a, each checked entry-wise.
def _le(x, y):
    return all(v <= y.get(k, 0) for k, v in x.items())


def vc_compare(a, b):
    a_le_b, b_le_a = _le(a, b), _le(b, a)
    if a_le_b and b_le_a:
        return "equal"
    if a_le_b:
        return "before"
    if b_le_a:
        return "after"
    return "concurrent"
