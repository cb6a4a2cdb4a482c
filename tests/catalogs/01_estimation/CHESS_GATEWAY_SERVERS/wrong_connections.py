# fails: test-problem-chess :: right order of magnitude: within a factor of 10 of the reference
# fails: test-problem-chess :: within the band: ±25 % of the reference
"""Wrong (0 points): the number of connections, not of servers."""
CHESS_GATEWAY_SERVERS = 8_000_000 * 0.05
