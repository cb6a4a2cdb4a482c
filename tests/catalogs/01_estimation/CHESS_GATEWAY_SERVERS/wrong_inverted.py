# fails: test-problem-chess :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-chess :: within the band: ±25 % of the reference
"""Wrong (0 points): the ratio upside down."""
CHESS_GATEWAY_SERVERS = 50_000 / (8_000_000 * 0.05)
