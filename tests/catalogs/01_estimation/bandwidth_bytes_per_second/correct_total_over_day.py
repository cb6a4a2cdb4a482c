"""Correct: bytes a day, spread over the day's seconds."""
def bandwidth_bytes_per_second(requests_per_day, bytes_per_request):
    bytes_per_day = requests_per_day * bytes_per_request
    return bytes_per_day / (24 * 60 * 60)
