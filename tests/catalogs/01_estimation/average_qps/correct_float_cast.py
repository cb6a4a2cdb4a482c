"""Correct: float() first, then the constant."""
def average_qps(requests_per_day):
    return float(requests_per_day) / SECONDS_PER_DAY
