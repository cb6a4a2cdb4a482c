# fails: test-average-qps :: 1 billion a day is 11,574.07 per second (86,400 s, not the 100,000 shortcut)
# fails: test-average-qps :: average_qps(1_000_000) is about 11.57 (1 M a day = 12 per second, roughly)
# fails: test-average-qps :: average_qps(86_400) == 1.0
# fails: test-average-qps :: float input: average_qps(43_200.0) == 0.5, and 0 requests give 0
# fails: test-average-qps :: no rounding or integer division: average_qps(1_234_567)
# fails: test-bandwidth :: 1 billion requests of 500 B a day: 5.79 MB/s, in bytes and on average
# fails: test-bandwidth :: bandwidth_bytes_per_second(86_400, 1_000) == 1000.0
# fails: test-bandwidth :: fractional sizes and zero requests
# fails: test-bandwidth :: no rounding or integer division: bandwidth_bytes_per_second(1_234_567, 3)
# fails: test-peak-qps :: default factor on 1 billion a day: 34,722.2 per second
# fails: test-peak-qps :: factor 1 gives the average; a fractional factor and no rounding
# fails: test-peak-qps :: factor by position: peak_qps(1_000_000, 10) is about 115.74
# fails: test-peak-qps :: peak_qps(86_400) == 3.0 (default factor 3)
# fails: test-peak-qps :: peak_qps(86_400, peak_factor=2) == 2.0
"""Wrong: 100,000 seconds a day (breaks: requests_per_day / 86_400)."""
def average_qps(requests_per_day):
    return requests_per_day / 100_000
