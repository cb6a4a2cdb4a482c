"""Wrong (0 points): every daily player online at once, 20x too high."""
CHESS_GATEWAY_SERVERS = 8_000_000 / 50_000
