# fails: test-estimate-storage :: within the band: ±25 % of the reference
"""Wrong (half): one year instead of five."""
TWEET_STORAGE_TB = storage_bytes(500_000_000, 400, years=1, replication=3) / 1e12
