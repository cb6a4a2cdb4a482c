# fails: test-peak-qps :: default factor on 1 billion a day: 34,722.2 per second
# fails: test-peak-qps :: factor 1 gives the average; a fractional factor and no rounding
# fails: test-peak-qps :: factor by position: peak_qps(1_000_000, 10) is about 115.74
# fails: test-peak-qps :: peak_qps(86_400) == 3.0 (default factor 3)
# fails: test-peak-qps :: peak_qps(86_400, peak_factor=2) == 2.0
"""Wrong: requests per day times the factor, never divided by 86,400."""
def peak_qps(requests_per_day, peak_factor=3.0):
    return requests_per_day * peak_factor
