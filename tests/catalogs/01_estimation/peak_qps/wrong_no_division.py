"""Wrong: requests per day times the factor, never divided by 86,400."""
def peak_qps(requests_per_day, peak_factor=3.0):
    return requests_per_day * peak_factor
