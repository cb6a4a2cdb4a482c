"""Correct: one expression with 86_400."""
def bandwidth_bytes_per_second(requests_per_day, bytes_per_request):
    return requests_per_day * bytes_per_request / 86_400
