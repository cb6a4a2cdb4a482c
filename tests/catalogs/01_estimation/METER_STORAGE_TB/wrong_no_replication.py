# fails: test-problem-meter-storage :: within the band: ±25 % of the reference
"""Wrong (half): forgets the 3 replicas."""
METER_STORAGE_TB = 20e6 * 96 * 200 * 365 * 3 / 1e12
