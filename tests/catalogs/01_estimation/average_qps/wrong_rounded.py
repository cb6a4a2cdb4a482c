"""Wrong: rounds to one decimal (breaks: no rounding)."""
def average_qps(requests_per_day):
    return round(requests_per_day / 86_400, 1)
