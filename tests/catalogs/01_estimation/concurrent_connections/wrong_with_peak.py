# fails: test-connections :: concurrent_connections(1_000_000) == 100,000 (default: 10 % online)
# fails: test-connections :: concurrent_connections(1_000_000, online_fraction=0.05) == 50,000
# fails: test-connections :: fraction by position: concurrent_connections(5e8, 0.02) == 10 million, and 0 users give 0
# fails: test-connections :: no rounding: concurrent_connections(12_345) == 1234.5
# fails: test-problem-chess :: within the band: ±25 % of the reference
"""Wrong: multiplies by a 3x peak factor too."""
def concurrent_connections(dau, online_fraction=0.1):
    return dau * online_fraction * 3
