# fails: test-problem-meter-qps :: within the band: ±25 % of the reference
"""Wrong (half): a 3x peak instead of the average."""
METER_READINGS_PER_SECOND = peak_qps(20_000_000 * 96)
