# fails: test-problem-meter-qps :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-meter-qps :: within the band: ±25 % of the reference
"""Wrong (0 points): 4 readings a day instead of 4 an hour, 24x too low."""
METER_READINGS_PER_SECOND = 20_000_000 * 4 / 86_400
