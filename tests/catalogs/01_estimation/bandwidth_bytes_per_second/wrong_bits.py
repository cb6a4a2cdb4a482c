"""Wrong: bits per second (breaks: bytes, not bits)."""
def bandwidth_bytes_per_second(requests_per_day, bytes_per_request):
    return average_qps(requests_per_day) * bytes_per_request * 8
