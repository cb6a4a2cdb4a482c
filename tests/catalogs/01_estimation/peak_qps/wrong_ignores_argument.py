"""Wrong: always 3x, whatever peak_factor says."""
def peak_qps(requests_per_day, peak_factor=3.0):
    return average_qps(requests_per_day) * 3.0
