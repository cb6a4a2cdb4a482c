"""Wrong: bytes per day, never divided by 86,400."""
def bandwidth_bytes_per_second(requests_per_day, bytes_per_request):
    return requests_per_day * bytes_per_request
