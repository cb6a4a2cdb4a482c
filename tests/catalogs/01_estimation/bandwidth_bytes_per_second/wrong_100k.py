"""Wrong: 100,000 seconds a day."""
def bandwidth_bytes_per_second(requests_per_day, bytes_per_request):
    return requests_per_day / 100_000 * bytes_per_request
