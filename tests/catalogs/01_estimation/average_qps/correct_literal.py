"""Correct: divide by the literal 86_400."""
def average_qps(requests_per_day):
    return requests_per_day / 86_400
