# fails: test-estimate-fanout :: within the band: ±25 % of the reference
"""Wrong (half): the peak, when the average was asked."""
FANOUT_WRITES_PER_S = peak_qps(250_000_000 * 2 * 75)
