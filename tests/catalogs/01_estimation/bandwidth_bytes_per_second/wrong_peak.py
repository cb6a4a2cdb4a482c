"""Wrong: peak instead of average (breaks: average_qps(...) * bytes_per_request)."""
def bandwidth_bytes_per_second(requests_per_day, bytes_per_request):
    return peak_qps(requests_per_day) * bytes_per_request
