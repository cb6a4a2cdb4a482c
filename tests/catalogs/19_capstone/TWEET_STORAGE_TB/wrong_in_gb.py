# fails: test-estimate-storage :: right order of magnitude: within a factor of 10 of the reference
# fails: test-estimate-storage :: within the band: ±25 % of the reference
"""Wrong (0 points): the answer in GB, 1000x too high."""
TWEET_STORAGE_TB = storage_bytes(500_000_000, 400, years=5, replication=3) / 1e9
