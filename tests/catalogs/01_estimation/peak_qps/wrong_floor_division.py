"""Wrong: integer division."""
def peak_qps(requests_per_day, peak_factor=3.0):
    return requests_per_day * peak_factor // 86_400
