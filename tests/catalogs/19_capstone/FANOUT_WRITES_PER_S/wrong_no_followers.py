# fails: test-estimate-fanout :: right order of magnitude: within a factor of 10 of the reference
# fails: test-estimate-fanout :: within the band: ±25 % of the reference
"""Wrong (0 points): tweets per second, without the fan-out."""
FANOUT_WRITES_PER_S = average_qps(250_000_000 * 2)
