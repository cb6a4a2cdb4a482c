"""Wrong: adds the factor instead of multiplying."""
def peak_qps(requests_per_day, peak_factor=3.0):
    return average_qps(requests_per_day) + peak_factor
