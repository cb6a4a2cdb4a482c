# fails: test-estimate-fanout :: within the band: ±25 % of the reference
"""Wrong (half): one tweet per user a day."""
FANOUT_WRITES_PER_S = average_qps(250_000_000 * 75)
