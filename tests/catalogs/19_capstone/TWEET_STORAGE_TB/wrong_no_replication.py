# fails: test-estimate-storage :: within the band: ±25 % of the reference
"""Wrong (half): one copy instead of 3."""
TWEET_STORAGE_TB = storage_bytes(500_000_000, 400, years=5) / 1e12
