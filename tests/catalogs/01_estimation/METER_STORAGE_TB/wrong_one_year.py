# fails: test-problem-meter-storage :: within the band: ±25 % of the reference
"""Wrong (half): one year of retention instead of three."""
METER_STORAGE_TB = storage_bytes(20e6 * 96, 200, years=1, replication=3) / 1e12
