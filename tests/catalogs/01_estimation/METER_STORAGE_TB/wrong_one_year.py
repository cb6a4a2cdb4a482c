"""Wrong (half): one year of retention instead of three."""
METER_STORAGE_TB = storage_bytes(20e6 * 96, 200, years=1, replication=3) / 1e12
