"""Correct: uses SECONDS_PER_DAY."""
def peak_qps(requests_per_day, peak_factor=3.0):
    average = requests_per_day / SECONDS_PER_DAY
    return average * peak_factor
