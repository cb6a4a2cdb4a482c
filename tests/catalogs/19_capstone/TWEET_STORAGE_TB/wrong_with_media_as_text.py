# fails: test-estimate-storage :: right order of magnitude: within a factor of 10 of the reference
# fails: test-estimate-storage :: within the band: ±25 % of the reference
"""Wrong (0 points): counts 1 MB of media with every tweet (out of scope), 2,500x too much."""
TWEET_STORAGE_TB = storage_bytes(500_000_000, 1_000_000, years=5, replication=3) / 1e12
