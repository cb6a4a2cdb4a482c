"""Wrong: peak without the factor (breaks: average_qps(...) * peak_factor)."""
def peak_qps(requests_per_day, peak_factor=3.0):
    return average_qps(requests_per_day)
