# fails: test-problem-meter-storage :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-meter-storage :: within the band: ±25 % of the reference
"""Wrong (0 points): the answer in PB, 1000x too low."""
METER_STORAGE_TB = 20e6 * 96 * 200 * 365 * 3 * 3 / 1e15
