"""Wrong: integer division // (breaks: true division, no rounding)."""
def average_qps(requests_per_day):
    return requests_per_day // 86_400
