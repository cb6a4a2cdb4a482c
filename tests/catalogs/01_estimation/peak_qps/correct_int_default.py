"""Correct: an int default (3 == 3.0), factor first."""
def peak_qps(requests_per_day, peak_factor=3):
    return peak_factor * average_qps(requests_per_day)
