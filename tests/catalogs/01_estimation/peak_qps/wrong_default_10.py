# fails: test-peak-qps :: default factor on 1 billion a day: 34,722.2 per second
# fails: test-peak-qps :: peak_qps(86_400) == 3.0 (default factor 3)
"""Wrong: default factor 10 (breaks: peak_factor=3.0)."""
def peak_qps(requests_per_day, peak_factor=10.0):
    return average_qps(requests_per_day) * peak_factor
