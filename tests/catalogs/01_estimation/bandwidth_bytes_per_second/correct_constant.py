"""Correct: size first, SECONDS_PER_DAY."""
def bandwidth_bytes_per_second(requests_per_day, bytes_per_request):
    return bytes_per_request * requests_per_day / SECONDS_PER_DAY
