"""Wrong: MB per second, not bytes."""
def bandwidth_bytes_per_second(requests_per_day, bytes_per_request):
    return average_qps(requests_per_day) * bytes_per_request / 1e6
