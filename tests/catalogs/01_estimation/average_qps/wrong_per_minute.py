"""Wrong: divides by the minutes in a day."""
def average_qps(requests_per_day):
    return requests_per_day / 1440
