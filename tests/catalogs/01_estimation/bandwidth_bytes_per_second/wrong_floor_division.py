# fails: test-bandwidth :: 1 billion requests of 500 B a day: 5.79 MB/s, in bytes and on average
# fails: test-bandwidth :: fractional sizes and zero requests
# fails: test-bandwidth :: no rounding or integer division: bandwidth_bytes_per_second(1_234_567, 3)
"""Wrong: integer division."""
def bandwidth_bytes_per_second(requests_per_day, bytes_per_request):
    return requests_per_day * bytes_per_request // 86_400
