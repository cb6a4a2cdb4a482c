# fails: test-problem-meter-storage :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-meter-storage :: within the band: ±25 % of the reference
"""Wrong (0 points): forgets the days of a year."""
METER_STORAGE_TB = 20e6 * 96 * 200 * 3 * 3 / 1e12
