# fails: test-problem-chess :: within the band: ±25 % of the reference
"""Wrong (half): the default 10 % online instead of 5 %, 2x too high."""
CHESS_GATEWAY_SERVERS = concurrent_connections(8_000_000) / 50_000
