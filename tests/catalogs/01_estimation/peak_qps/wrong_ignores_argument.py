# fails: test-peak-qps :: factor 1 gives the average; a fractional factor and no rounding
# fails: test-peak-qps :: factor by position: peak_qps(1_000_000, 10) is about 115.74
# fails: test-peak-qps :: peak_qps(86_400, peak_factor=2) == 2.0
"""Wrong: always 3x, whatever peak_factor says."""
def peak_qps(requests_per_day, peak_factor=3.0):
    return average_qps(requests_per_day) * 3.0
