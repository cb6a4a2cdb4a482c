# fails: test-problem-chess :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-chess :: within the band: ±25 % of the reference
"""Wrong (0 points): every daily player online at once, 20x too high."""
CHESS_GATEWAY_SERVERS = 8_000_000 / 50_000
