"""Wrong: rounds up to whole requests (breaks: no rounding)."""
def average_qps(requests_per_day):
    import math
    return math.ceil(requests_per_day / 86_400)
