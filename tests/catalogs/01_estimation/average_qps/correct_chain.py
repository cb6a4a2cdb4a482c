"""Correct: per hour, per minute, per second."""
def average_qps(requests_per_day):
    return requests_per_day / 24 / 60 / 60
