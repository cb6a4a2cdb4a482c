# fails: test-bandwidth :: 1 billion requests of 500 B a day: 5.79 MB/s, in bytes and on average
# fails: test-bandwidth :: bandwidth_bytes_per_second(86_400, 1_000) == 1000.0
# fails: test-bandwidth :: fractional sizes and zero requests
# fails: test-bandwidth :: no rounding or integer division: bandwidth_bytes_per_second(1_234_567, 3)
"""Wrong: bytes per day, never divided by 86,400."""
def bandwidth_bytes_per_second(requests_per_day, bytes_per_request):
    return requests_per_day * bytes_per_request
