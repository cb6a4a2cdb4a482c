"""Wrong: default factor 2 (breaks: peak_factor=3.0)."""
def peak_qps(requests_per_day, peak_factor=2.0):
    return average_qps(requests_per_day) * peak_factor
