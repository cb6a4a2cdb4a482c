"""Wrong: 100,000 seconds a day (breaks: requests_per_day / 86_400)."""
def average_qps(requests_per_day):
    return requests_per_day / 100_000
