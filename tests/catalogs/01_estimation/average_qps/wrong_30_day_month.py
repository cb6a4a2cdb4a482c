"""Wrong: divides by the seconds of a 30-day month."""
def average_qps(requests_per_day):
    return requests_per_day / (30 * 86_400)
